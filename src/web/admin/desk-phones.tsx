import { Hono, type Context } from "hono";
import { z } from "zod";
import { DeskPhonesPage, DeskPhonesSection, type DeskPhonesProps } from "../../../views/index.ts";
import { generatePassword } from "../../lib/index.ts";
import { PHONE_MODELS, type DeskPhone } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { sipServerFor } from "../provision/provision-app.ts";
import { audit } from "./audit.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The register-phone form (G2): the MAC in any usual notation, stored as 12 lower-case hex digits. */
export const deskPhoneSchema = z.object({
  model: z.enum(PHONE_MODELS, "format"),
  mac: z
    .string()
    .trim()
    .transform((m) => m.replace(/[:\-.\s]/g, "").toLowerCase())
    .refine((m) => /^[0-9a-f]{12}$/.test(m), "mac"),
  agent: z.string().min(1, "required"),
});

/** The provisioning file a model fetches first, if it has one. */
export function provisioningFile(p: Pick<DeskPhone, "model" | "mac">): string | undefined {
  if (p.model === "grandstream") return `cfg${p.mac}.xml`;
  return p.model === "other" ? undefined : `${p.mac}.cfg`;
}

/** Desk phones (G2): register (a fresh SIP password for the extension, shown once), list, delete. */
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
      ...extra,
    };
    return respond(c, () => <DeskPhonesPage {...props} />, () => <DeskPhonesSection {...props} />, status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const values = { model: String(fields.model ?? ""), mac: String(fields.mac ?? ""), agent: String(fields.agent ?? "") };
    const r = check(deskPhoneSchema, fields);
    if (!r.ok) return render(c, { values, errors: r.errors }, 422);
    const agent = deps.repos.agents.get(id, r.value.agent);
    if (!agent) return render(c, { values, errors: { agent: "unknown" } }, 422);
    if (deps.repos.deskPhones.findByMac(r.value.mac)) return render(c, { values, errors: { mac: "duplicate" } }, 422);
    const sipPassword = generatePassword(16);
    const provisioningPassword = generatePassword(16);
    const phone = deps.repos.transaction(() => {
      deps.repos.agents.setSipPassword(id, agent.loginId, sipPassword);
      deps.repos.deskPhones.setSipPassword(agent.extension, sipPassword);
      return deps.repos.deskPhones.add(
        { serviceId: id, model: r.value.model, mac: r.value.mac, extension: agent.extension, agentLogin: agent.loginId, sipPassword },
        provisioningPassword,
        (deps.now ?? Date.now)(),
      );
    });
    audit(c, "create", `phones/${phone.mac} (${phone.model}, ${phone.extension})`);
    const origin = new URL(c.req.url).origin;
    return render(c, {
      secret: {
        model: phone.model,
        file: provisioningFile(phone),
        provisioningUrl: `${origin}/provision/`,
        extension: phone.extension,
        provisioningPassword,
        sipPassword,
      },
    });
  });

  app.post("/:mac/delete", (c) => {
    const id = c.get("service").serviceId;
    const mac = c.req.param("mac") ?? "";
    if (!deps.repos.deskPhones.remove(id, mac)) return c.text("Not found", 404);
    audit(c, "delete", `phones/${mac}`);
    return c.redirect(areaUrl(c, "phones"), 303);
  });
  return app;
}
