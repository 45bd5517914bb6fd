import { Hono, type Context } from "hono";
import { z } from "zod";
import { InfoForm, InfoPage, type InfoValues } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

const DAY_MS = 24 * 60 * 60_000;
const phone = z.string().trim().regex(/^[0-9+\-]{0,20}$/, "format");
const date = z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, "format");

/** The service information form (G1), validated on the server. */
export const infoSchema = z
  .object({
    name: z.string().trim().min(1, "required").max(100, "tooLong"),
    number: phone,
    callerId: phone,
    periodStart: date,
    periodEnd: date,
    licences: z.coerce.number("number").int("number").min(0, "range").max(10_000, "range"),
    state: z.enum(["pending", "active", "suspended"], "format"),
  })
  .refine((v) => !v.periodStart || !v.periodEnd || v.periodStart <= v.periodEnd, { message: "dateOrder", path: ["periodEnd"] });

/** Service information (G1): name, numbers, period of use, licences (once a day), state. */
export function infoRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();

  const render = (c: Context<ServiceEnv>, values: InfoValues, errors?: Record<string, string>, saved = false) => {
    const props = { frame: frameOf(c, deps), values, errors, saved, agentCount: deps.repos.agents.count(c.get("service").serviceId) };
    return respond(c, () => <InfoPage {...props} />, () => <InfoForm {...props} />, errors ? 422 : 200);
  };

  app.get("/", (c) => {
    const svc = c.get("service");
    const terms = deps.repos.serviceTerms.get(svc.serviceId);
    return render(c, { ...svc, periodStart: terms.periodStart, periodEnd: terms.periodEnd }, undefined, c.req.query("saved") === "1");
  });

  app.post("/", async (c) => {
    const svc = c.get("service");
    const fields = await formFields(c);
    const r = check(infoSchema, fields);
    const values = { ...svc, ...fields } as unknown as InfoValues;
    if (!r.ok) return render(c, values, r.errors);
    const v = r.value;
    const terms = deps.repos.serviceTerms.get(svc.serviceId);
    const changed = v.licences !== svc.licences;
    if (changed && terms.licencesChangedAt !== undefined && now() - terms.licencesChangedAt < DAY_MS) {
      return render(c, values, { licences: "onceADay" });
    }
    if (v.licences < deps.repos.agents.count(svc.serviceId)) return render(c, values, { licences: "belowAgents" });
    deps.repos.transaction(() => {
      deps.repos.services.update(svc.serviceId, { name: v.name, number: v.number, callerId: v.callerId, licences: v.licences, state: v.state });
      deps.repos.serviceTerms.put(svc.serviceId, {
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        licencesChangedAt: changed ? now() : terms.licencesChangedAt,
      });
    });
    audit(c, "update", changed ? `service (licences ${svc.licences} → ${v.licences})` : "service");
    return c.redirect(areaUrl(c, "info", "?saved=1"), 303);
  });
  return app;
}
