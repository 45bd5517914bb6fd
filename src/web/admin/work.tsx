import { Hono, type Context } from "hono";
import { z } from "zod";
import { WorkPage, WorkSection, type WorkProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { readFlow, writeFlow } from "./flow.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** Work management (G9). The screen-pop URL is http(s) and may hold `{caller}`. */
export const workSchema = z.object({
  stateAfterLogin: z.enum(["ready", "away"], "format"),
  stateAfterCall: z.enum(["ready", "away", "wrap-up"], "format"),
  screenPopUrl: z
    .string()
    .trim()
    .max(500, "tooLong")
    .refine((u) => u === "" || (URL.canParse(u.replaceAll("{caller}", "0")) && /^https?:\/\//i.test(u)), "format"),
});

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
    const r = check(workSchema, fields);
    if (!r.ok) return render(c, { ...deps.repos.workSettings.get(id), ...(fields as Partial<WorkProps["values"]>) }, r.errors);
    const now = (deps.now ?? Date.now)();
    deps.repos.transaction(() => {
      deps.repos.workSettings.put(id, r.value, now);
      const flow = readFlow(deps, id);
      writeFlow(deps, id, { ...flow, stateAfterLogin: r.value.stateAfterLogin, stateAfterCall: r.value.stateAfterCall }, now);
    });
    audit(c, "update", "work-settings");
    return c.redirect(areaUrl(c, "work", "?saved=1"), 303);
  });
  return app;
}
