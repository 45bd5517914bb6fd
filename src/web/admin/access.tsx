import { Hono, type Context } from "hono";
import { AccessPage, AccessSection, type AccessProps } from "../../../views/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

const asText = (ranges: { cidr: string; note: string }[]) => ranges.map((r) => `${r.cidr}${r.note ? ` ${r.note}` : ""}`).join("\n");

/** Access management (G10): saving refuses a list that would lock out the admin saving it. */
export function accessRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, text: string, errors?: Record<string, string>) => {
    const props: AccessProps = {
      frame: frameOf(c, deps),
      text,
      ip: clientIp(c, deps.config.trustedProxies),
      errors,
      saved: c.req.query("saved") === "1",
    };
    return respond(c, () => <AccessPage {...props} />, () => <AccessSection {...props} />, errors ? 422 : 200);
  };

  app.get("/", (c) => render(c, asText(deps.repos.access.list(c.get("service").serviceId))));

  app.post("/", async (c) => {
    const text = String((await formFields(c)).ranges ?? "");
    const done = await attempt(() => deps.admin.access.replace(memberActor(c, deps), c.get("service").serviceId, { ranges: text }));
    if (!done.ok) return render(c, text, done.errors);
    return c.redirect(areaUrl(c, "access", "?saved=1"), 303);
  });
  return app;
}
