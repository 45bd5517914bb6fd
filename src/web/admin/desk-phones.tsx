import { Hono, type Context } from "hono";
import type { DeskPhoneInput } from "../../cc/index.ts";
import { DeskPhonesPage, DeskPhonesSection, type DeskPhonesProps } from "../../../views/index.ts";
import type { DeskPhone } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { sipServerFor } from "../provision/provision-app.ts";
import { deskPhoneSetup } from "./phone-setup.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The provisioning file a model fetches first, if it has one. */
export function provisioningFile(p: Pick<DeskPhone, "model" | "mac">): string | undefined {
  if (p.model === "grandstream") return `cfg${p.mac}.xml`;
  return p.model === "other" ? undefined : `${p.mac}.cfg`;
}

/** Desk phones (G2): register (the extension's shared SIP password, shown once), list, delete. */
export function deskPhonesRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, extra: Partial<DeskPhonesProps> = {}, status: 200 | 422 = 200) => {
    const id = c.get("service").serviceId;
    const agents = deps.repos.agents.list(id);
    const props: DeskPhonesProps = {
      frame: frameOf(c, deps),
      phones: deps.repos.deskPhones.list(id).map((p) => ({
        ...p,
        agentName: agents.find((a) => a.loginId === p.agentLogin)?.name,
        file: provisioningFile(p),
      })),
      agents,
      server: sipServerFor(deps, c.req.url),
      port: deps.config.sipPort,
      qualifyDefault: deps.config.qualifySeconds,
      ...extra,
    };
    return respond(c, () => <DeskPhonesPage {...props} />, () => <DeskPhonesSection {...props} />, status);
  };

  app.get("/", (c) => render(c, { removed: c.req.query("removed") === "1", qualifySaved: c.req.query("qualify") === "saved" }));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const values = { model: String(fields.model ?? ""), mac: String(fields.mac ?? ""), agent: String(fields.agent ?? ""), qualifySeconds: String(fields.qualifySeconds ?? "") };
    const input = { ...values, sipPassword: String(fields.sipPassword ?? "") || undefined, rotate: fields.rotate === "1" } as DeskPhoneInput;
    const done = await attempt(() => deps.admin.deskPhones.add(memberActor(c, deps), id, input));
    if (!done.ok) return render(c, { values, errors: done.errors }, 422);
    const { phone, provisioningPassword, sipPassword, rotated, stalePhones } = done.value;
    const origin = new URL(c.req.url).origin;
    return render(c, {
      secret: {
        model: phone.model,
        file: provisioningFile(phone),
        provisioningUrl: `${origin}/provision/`,
        extension: phone.extension,
        provisioningPassword,
        sipPassword,
        rotated,
        stalePhones,
      },
      setup: deskPhoneSetup(c, deps, phone.extension, sipPassword, provisioningFile(phone)),
    });
  });

  // Issue 17 point 1: the phone's own qualify interval (empty: the appliance's default; 0: never probed).
  app.post("/:mac/qualify", async (c) => {
    const mac = c.req.param("mac") ?? "";
    const value = String((await formFields(c)).qualifySeconds ?? "");
    const done = await attempt(() => deps.admin.deskPhones.setQualify(memberActor(c, deps), c.get("service").serviceId, mac, { qualifySeconds: value }));
    if (!done.ok) {
      if (done.status === 404) return c.text("Not found", 404);
      return render(c, { qualifyRefused: { mac, value, errors: done.errors } }, 422);
    }
    return c.redirect(areaUrl(c, "phones", "?qualify=saved"), 303);
  });

  app.post("/:mac/delete", async (c) => {
    const done = await attempt(() => deps.admin.deskPhones.remove(memberActor(c, deps), c.get("service").serviceId, c.req.param("mac") ?? ""));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect(areaUrl(c, "phones", "?removed=1"), 303);
  });
  return app;
}
