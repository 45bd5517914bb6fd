import { Hono, type Context } from "hono";
import { RecordingsSettingsPage } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/**
 * A service's recordings (M5, issue 11) under /admin/services/:serviceId/recordings: the retention
 * in days through `deps.admin.recordings.setRetention` (audited), and the disk the recordings take.
 */
export function recordingsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, extra: { value?: string; errors?: Record<string, string> } = {}, status: 200 | 422 = 200) => {
    const props = { frame: frameOf(c, deps), days: deps.admin.recordings.retention(c.get("service").serviceId), budget: deps.admin.recordings.budget(), ...extra };
    return respond(c, () => <RecordingsSettingsPage {...props} />, () => <RecordingsSettingsPage {...props} />, status);
  };
  app.get("/", (c) => render(c));
  app.post("/", async (c) => {
    const fields = await formFields(c);
    const value = String(fields.days ?? "").trim();
    const days = value === "" ? null : /^\d+$/.test(value) ? Number(value) : NaN;
    const done = await attempt(() => deps.admin.recordings.setRetention(memberActor(c, deps), c.get("service").serviceId, { days }));
    if (!done.ok) return render(c, { value, errors: done.errors }, 422);
    return c.redirect(areaUrl(c, "recordings", "?done=saved"), 303);
  });
  return app;
}
