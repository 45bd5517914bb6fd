import { Hono, type Context } from "hono";
import { WorklistPage, type WorklistPageProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { attempt, memberActor } from "./door.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

const DAY_MS = 86_400_000;
/** How far back the list looks by default, and at most. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 90;

/**
 * No lost caller (issue 15) under /admin/services/:serviceId/history/worklist: the numbers lost in
 * the last days (abandoned, after hours, failed callback) until a call with them is connected;
 * "call back" creates the request through the one door; the service's callback settings (C7): the key
 * (its offer prompt follows), retry minutes, tries and automatic dialling.
 */
export function worklistRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();

  const page = (c: Context<ServiceEnv>, extra: Pick<WorklistPageProps, "notice" | "error"> = {}, status: 200 | 404 | 409 | 422 = 200) => {
    const svc = c.get("service");
    const asked = Number.parseInt(c.req.query("days") ?? "", 10);
    const days = Number.isFinite(asked) ? Math.min(MAX_DAYS, Math.max(1, asked)) : DEFAULT_DAYS;
    const now = (deps.now ?? Date.now)();
    const rows = deps.repos.calls.worklist(svc.serviceId, now - days * DAY_MS);
    const flow = deps.admin.flows.read(svc.serviceId);
    const settings = {
      callbackKey: flow.callbackKey, callbackRetryMinutes: flow.callbackRetryMinutes, callbackTries: flow.callbackTries, callbackAutoDial: flow.callbackAutoDial,
    };
    audit(c, "view", `history/worklist?days=${days}`);
    c.header("Cache-Control", "no-store");
    return c.html(<WorklistPage frame={frameOf(c, deps)} timeZone={svc.timezone} days={days} rows={rows} settings={settings} {...extra} />, status);
  };

  app.get("/", (c) => page(c));

  app.post("/callback", async (c) => {
    const svc = c.get("service");
    const form = await c.req.parseBody();
    const number = String(form.number ?? "");
    const callId = form.callId ? String(form.callId) : undefined;
    const done = await attempt(() => deps.admin.callbacks.request(memberActor(c, deps), svc.serviceId, { number, ...(callId ? { callId } : {}) }));
    if (!done.ok) return page(c, { error: Object.values(done.errors)[0] ?? "invalid" }, done.status);
    return page(c, { notice: { key: done.value.created ? "done" : "already", vars: { number } } });
  });

  app.post("/settings", async (c) => {
    const svc = c.get("service");
    const form = await c.req.parseBody();
    const num = (k: string) => (form[k] === undefined || form[k] === "" ? Number.NaN : Number(form[k]));
    const input = {
      ...deps.admin.flows.read(svc.serviceId),
      // The key and the offer prompt come from this one setting: the one door regenerates the prompt (C7).
      ...(form.callbackKey !== undefined ? { callbackKey: String(form.callbackKey) } : {}),
      callbackRetryMinutes: num("callbackRetryMinutes"), callbackTries: num("callbackTries"), callbackAutoDial: form.callbackAutoDial === "1",
    };
    const done = await attempt(() => deps.admin.flows.save(memberActor(c, deps), svc.serviceId, input));
    if (!done.ok) return page(c, { error: Object.values(done.errors)[0] ?? "invalid" }, done.status);
    return page(c, { notice: { key: "saved" } });
  });
  return app;
}
