import { Hono, type Context } from "hono";
import { ChargesPage, orgText } from "../../../views/index.ts";
import { monthCharges, type ChargeScope } from "../../cc/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";
import { readForm } from "./org-form.ts";

const zoneOf = (deps: WebDeps) => deps.repos.services.list()[0]?.timezone ?? "Asia/Seoul";

/**
 * Charges (요금 현황, O2) under /admin/org/charges: `?month=YYYY-MM&scope=all|type:<type>|service:<id>`
 * (this month and all by default), per service with its state, per type and in total; the price table
 * is edited through `deps.admin.organization.setPrices`.
 */
export function orgChargesRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, errors?: Record<string, string>, saved = false) => {
    const o = orgText(c.get("lang"));
    const tz = zoneOf(deps);
    const thisMonth = Temporal.Instant.fromEpochMilliseconds((deps.now ?? Date.now)()).toZonedDateTimeISO(tz).toPlainDate().toString().slice(0, 7);
    const wanted = c.req.query("month") ?? "";
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(wanted) ? wanted : thisMonth;
    const services = [...deps.repos.services.list().map((s) => [s.serviceId, s.name] as const), ...deps.repos.contracts.list().filter((k) => k.terminatedAt !== undefined && !deps.repos.services.get(k.serviceId)).map((k) => [k.serviceId, k.snapshot?.name ?? k.serviceId] as const)];
    const scopes: [string, string][] = [
      ["all", o("charges.all")],
      ["type:contact-center", o("charges.byType", { type: o("type.contact-center") })],
      ["type:tickets", o("charges.byType", { type: o("type.tickets") })],
      ...services.map(([id, name]): [string, string] => [`service:${id}`, `${name} (${id})`]),
    ];
    const scope = scopes.some(([v]) => v === c.req.query("scope")) ? (c.req.query("scope") as ChargeScope) : "all";
    const m = monthCharges(deps.repos, month, tz, scope);
    const prices = Object.entries(deps.repos.prices.table());
    return page(c, <ChargesPage frame={orgFrame(c)} month={month} scope={scope} scopes={scopes} rows={m.rows} byType={m.byType} total={m.total} prices={prices} errors={errors} saved={saved} />, errors ? 422 : 200);
  };
  app.get("/", (c) => render(c, undefined, c.req.query("saved") === "1"));
  app.post("/prices", async (c) => {
    const { fields } = await readForm(c);
    const done = await attempt(() => deps.admin.organization.setPrices(orgActor(c, deps), fields));
    if (!done.ok) return render(c, done.errors);
    return c.redirect("/admin/org/charges?saved=1", 303);
  });
  return app;
}
