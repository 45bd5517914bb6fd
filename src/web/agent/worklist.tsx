import { Hono, type Context, type MiddlewareHandler } from "hono";
import { ConsoleWorklist, type WorklistPageProps } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { featuresOf } from "../org/feature-gate.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import type { AgentEnv } from "./env.ts";
import { agentActor, consoleOf } from "./session.ts";

/** The window of lost callers the console shows. */
const WINDOW_MS = 7 * 86_400_000;

/**
 * /agent/worklist (issue 15): the service's lost callers — abandoned, after hours, failed
 * callback — once per number until a call with them is connected; "call back" asks for a callback
 * through the one door (logged with the agent), which then waits on the callbacks tab.
 */
export function worklistConsoleRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  // O1: part of the callbacks feature — a service whose contract has no callbacks has no worklist (404, like its admin page and API).
  app.use("/worklist", gate(deps));
  app.use("/worklist/*", gate(deps));

  const list = (c: Context<AgentEnv>, extra: Pick<WorklistPageProps, "notice" | "error"> = {}, status: 200 | 409 | 422 = 200) => {
    const { service, session } = consoleOf(c);
    const rows = deps.repos.calls.worklist(service.serviceId, (deps.now ?? Date.now)() - WINDOW_MS, 200);
    return respondArea(c, deps, opts, "callbacks", "nav.callbacks", () => (
      <ConsoleWorklist lang={c.get("lang")} timeZone={service.timezone} csrfToken={session.csrfToken} rows={rows} {...extra} />
    ), status);
  };

  app.get("/worklist", (c) => list(c));

  app.post("/worklist/callback", async (c) => {
    const { agent } = consoleOf(c);
    const form = await c.req.parseBody();
    const number = String(form.number ?? "");
    const callId = form.callId ? String(form.callId) : undefined;
    const done = await attempt(() => deps.admin.callbacks.request(agentActor(c, deps), agent.serviceId, { number, ...(callId ? { callId } : {}) }));
    if (!done.ok) return list(c, { error: Object.values(done.errors)[0] ?? "invalid" }, done.status === 404 ? 422 : done.status);
    return list(c, { notice: { key: done.value.created ? "done" : "already", vars: { number } } });
  });
  return app;
}

function gate(deps: WebDeps): MiddlewareHandler<AgentEnv> {
  return async (c, next) => {
    if (!featuresOf(deps, consoleOf(c).service.serviceId).includes("callback")) return c.text("Not found: this service's contract has no such feature", 404);
    await next();
  };
}
