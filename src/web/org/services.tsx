import { Hono, type Context } from "hono";
import {
  ContractFormPage, CostEstimate, orgText, ServiceFormPage, ServicesPage,
  type ServiceFormValues, type ServiceRow,
} from "../../../views/index.ts";
import { DEFAULT_FEATURES, FEATURES, monthlyCost, type ServiceChange } from "../../cc/index.ts";
import type { Service } from "../../store/index.ts";
import { attempt } from "../admin/door.ts";
import { audit } from "../admin/audit.ts";
import { attachment, toCsv } from "../export/index.ts";
import type { WebDeps } from "../deps.ts";
import { memberOf, orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { list, one, readForm } from "./org-form.ts";

/**
 * Contracted services (계약 현황, O1) under /admin/org/services: the list, adding in two steps
 * (basic info, then contract details with the estimate), editing, state and termination, the
 * banner image, and a terminated service's call records as CSV. Every change is one operation of
 * `deps.admin.services`.
 */
export function orgServicesRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const { repos } = deps;
  const admin = deps.admin.services;
  const cost = (s: Service, features: readonly string[], licences = s.licences) =>
    monthlyCost(repos.prices.table(), { type: admin.contractOf(s).type, licences, features, deskPhones: repos.deskPhones.list(s.serviceId).length });

  const rows = (): ServiceRow[] =>
    repos.services.list().map((s) => {
      const c = admin.contractOf(s);
      return {
        serviceId: s.serviceId, name: s.name, type: c.type, state: s.state, features: c.features, licences: s.licences, number: s.number,
        monthly: c.features ? cost(s, c.features).total : undefined, banner: Boolean(repos.contracts.banner(s.serviceId)),
      };
    });
  const terminated = () =>
    repos.contracts.list().filter((c) => c.terminatedAt !== undefined && !repos.services.get(c.serviceId))
      .map((c) => ({ serviceId: c.serviceId, name: c.snapshot?.name ?? c.serviceId, terminatedAt: c.terminatedAt! }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const list_ = (c: Context<any>, notice?: string, errors?: Record<string, string>, errorService?: string) =>
    page(c, <ServicesPage frame={orgFrame(c)} rows={rows()} terminated={terminated()} notice={notice} errors={errors} errorService={errorService} />, errors ? 409 : 200);

  app.get("/", (c) => {
    const o = orgText(c.get("lang"));
    return list_(c, c.req.query("saved") ? o("saved") : undefined);
  });

  // ---- step 1: basic info ----
  const stepOne = (c: Context<OrgEnv>, values: ServiceFormValues, errors?: Record<string, string>) =>
    page(c, <ServiceFormPage frame={orgFrame(c)} values={values} errors={errors} />, errors ? 422 : 200);
  app.get("/new", (c) => stepOne(c, { type: "contact-center", name: "", serviceId: "", language: c.get("lang"), timezone: "" }));
  app.post("/new", async (c) => {
    const { fields, file } = await readForm(c, "banner");
    const values: ServiceFormValues = {
      type: one(fields.type) || "contact-center", name: one(fields.name), serviceId: one(fields.serviceId),
      language: one(fields.language).trim().toLowerCase(), timezone: one(fields.timezone).trim(),
    };
    const done = await attempt(() =>
      admin.create(orgActor(c, deps), {
        serviceId: values.serviceId, name: values.name, language: values.language, timezone: values.timezone || undefined,
        type: values.type as "contact-center", state: "pending", number: "",
      }, file),
    );
    if (!done.ok) return stepOne(c, values, done.errors);
    // The org admin role alone gives no service access (O4): whoever adds a service becomes its service admin (logged, O6).
    deps.admin.roles.set(orgActor(c, deps), done.value.serviceId, { loginId: memberOf(c).loginId, serviceAdmin: true, agent: false });
    return c.redirect(`/admin/org/services/${done.value.serviceId}/contract?created=1`, 303);
  });

  // ---- the service's own pages: 404 for unknown ids ----
  const svc = new Hono<OrgEnv & { Variables: { service: Service } }>();
  svc.use(async (c, next) => {
    const s = repos.services.get(c.req.param("serviceId") ?? "");
    if (!s) return c.text("Not found", 404);
    c.set("service", s);
    await next();
  });

  // ---- step 2: contract details (register or edit once a day) ----
  const contractPage = (c: Context<OrgEnv & { Variables: { service: Service } }>, values: { features: string[]; licences: string | number }, errors?: Record<string, string>) => {
    const s = c.get("service");
    const contract = admin.contractOf(s);
    const o = orgText(c.get("lang"));
    const licences = Number(values.licences);
    return page(
      c,
      <ContractFormPage
        frame={orgFrame(c)} serviceId={s.serviceId} serviceName={s.name} features={FEATURES} values={values} errors={errors}
        cost={cost(s, values.features.filter((f) => (FEATURES as readonly string[]).includes(f)), Number.isFinite(licences) ? licences : 0)}
        editing={contract.features !== undefined} notice={c.req.query("created") ? o("svc.created", { serviceId: s.serviceId }) : undefined}
      />,
      errors ? 422 : 200,
    );
  };
  svc.get("/contract", (c) => {
    const s = c.get("service");
    const contract = admin.contractOf(s);
    return contractPage(c, { features: contract.features ?? [...DEFAULT_FEATURES[contract.type]], licences: s.licences });
  });
  svc.post("/contract/estimate", async (c) => {
    const { fields } = await readForm(c);
    const s = c.get("service");
    const features = list(fields.features).filter((f) => (FEATURES as readonly string[]).includes(f));
    const licences = Math.max(0, Math.min(10_000, Number.parseInt(one(fields.licences), 10) || 0));
    c.header("Cache-Control", "no-store");
    return c.html(<CostEstimate frame={orgFrame(c)} cost={cost(s, features, licences)} />);
  });
  svc.post("/contract", async (c) => {
    const { fields } = await readForm(c);
    const values = { features: list(fields.features), licences: one(fields.licences) };
    const done = await attempt(() => admin.contract(orgActor(c, deps), c.get("service").serviceId, values));
    if (!done.ok) return contractPage(c, values, done.errors);
    return c.redirect("/admin/org/services?saved=1", 303);
  });

  // ---- edit basic info ----
  const editPage = (c: Context<OrgEnv & { Variables: { service: Service } }>, values: ServiceFormValues, errors?: Record<string, string>, saved = false) => {
    const s = c.get("service");
    return page(c, <ServiceFormPage frame={orgFrame(c)} values={values} errors={errors} saved={saved} editing={{ banner: Boolean(repos.contracts.banner(s.serviceId)) }} />, errors ? 422 : 200);
  };
  const valuesOf = (s: Service): ServiceFormValues => ({ type: admin.contractOf(s).type, name: s.name, serviceId: s.serviceId, language: s.language, timezone: s.timezone });
  svc.get("/edit", (c) => editPage(c, valuesOf(c.get("service")), undefined, c.req.query("saved") === "1"));
  svc.post("/edit", async (c) => {
    const s = c.get("service");
    const { fields, file } = await readForm(c, "banner");
    const values = { ...valuesOf(s), name: one(fields.name), language: one(fields.language).trim().toLowerCase(), timezone: one(fields.timezone).trim() };
    const change: ServiceChange = { name: values.name, language: values.language, ...(values.timezone ? { timezone: values.timezone } : {}) };
    const banner = file ?? (one(fields.removeBanner) === "1" ? null : undefined);
    const done = await attempt(() => admin.update(orgActor(c, deps), s.serviceId, change, banner));
    if (!done.ok) return editPage(c, values, done.errors);
    return c.redirect(`/admin/org/services/${s.serviceId}/edit?saved=1`, 303);
  });

  // ---- state and termination ----
  svc.post("/state", async (c) => {
    const { fields } = await readForm(c);
    const s = c.get("service");
    const done = await attempt(() => admin.update(orgActor(c, deps), s.serviceId, { state: one(fields.state) as "active" }));
    if (!done.ok) return list_(c, undefined, done.errors, s.serviceId);
    return c.redirect("/admin/org/services?saved=1", 303);
  });
  svc.post("/terminate", async (c) => {
    const s = c.get("service");
    const done = await attempt(() => admin.remove(orgActor(c, deps), s.serviceId));
    if (!done.ok) return list_(c, undefined, done.errors, s.serviceId);
    return c.redirect("/admin/org/services?saved=1", 303);
  });

  svc.get("/banner", (c) => {
    const b = admin.banner(c.get("service").serviceId);
    if (!b) return c.text("Not found", 404);
    c.header("Content-Type", b.mime);
    c.header("Cache-Control", "private, max-age=60");
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(b.bytes as Uint8Array<ArrayBuffer>);
  });

  // A terminated service's call records stay exportable (issue 10); any service's, for the org admin.
  app.get("/:serviceId/calls.csv", (c) => {
    const id = c.req.param("serviceId");
    if (!repos.services.get(id) && !repos.contracts.get(id).stored) return c.text("Not found", 404);
    const calls = repos.calls.list(id, 0, Number.MAX_SAFE_INTEGER);
    const cols = ["callId", "direction", "from", "to", "queueId", "agent", "startedAt", "answeredAt", "endedAt", "waitSeconds", "talkSeconds", "result"] as const;
    const cell = (k: (typeof cols)[number], v: unknown) => (v === null || v === undefined ? null : k.endsWith("At") ? new Date(v as number).toISOString() : (v as string | number));
    const body = toCsv({ name: id, columns: [...cols], rows: calls.map((r) => cols.map((k) => cell(k, r[k]))) });
    audit(c, "export", `services/${id}/calls.csv`);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", attachment(`${id}-calls.csv`));
    c.header("Cache-Control", "no-store");
    return c.body(body);
  });
  app.route("/:serviceId", svc as unknown as Hono<OrgEnv>);
  return app;
}
