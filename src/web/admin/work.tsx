import { Hono, type Context } from "hono";
import type { WorkInput } from "../../cc/index.ts";
import { WorkPage, WorkSection, type WorkProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** Work management (G9): saved in its table and mirrored into the ARS flow the domain reads. */
export function workRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, values: WorkProps["values"], errors?: Record<string, string>) => {
    const props: WorkProps = { frame: frameOf(c, deps), values, errors, saved: c.req.query("saved") === "1" };
    return respond(c, () => <WorkPage {...props} />, () => <WorkSection {...props} />, errors ? 422 : 200);
  };

  app.get("/", (c) => render(c, deps.repos.workSettings.get(c.get("service").serviceId)));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const done = await attempt(() => deps.admin.flows.setWork(memberActor(c, deps), id, fields as WorkInput));
    if (!done.ok) return render(c, { ...deps.repos.workSettings.get(id), ...(fields as Partial<WorkProps["values"]>) }, done.errors);
    return c.redirect(areaUrl(c, "work", "?saved=1"), 303);
  });
  return app;
}
