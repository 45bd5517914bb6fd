import { Hono, type Context } from "hono";
import type { ServiceChange } from "../../cc/index.ts";
import { InfoForm, InfoPage, type InfoValues } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** Service information (G1): name, numbers, period of use, licences (once a day), state. */
export function infoRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();

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
    const values = { ...svc, ...fields } as unknown as InfoValues;
    const done = await attempt(() => deps.admin.services.update(memberActor(c, deps), svc.serviceId, fields as ServiceChange));
    if (!done.ok) return render(c, values, done.errors);
    return c.redirect(areaUrl(c, "info", "?saved=1"), 303);
  });
  return app;
}
