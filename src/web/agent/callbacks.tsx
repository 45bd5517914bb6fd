import { Hono, type Context } from "hono";
import { consoleError, ConsoleCallbacks, type ConsoleCallback } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { featuresOf } from "../org/feature-gate.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import type { AgentEnv } from "./env.ts";
import { agentActor, consoleOf } from "./session.ts";

/**
 * A10: the service's open callback requests (call through the call controls; remove through the
 * one door as "remove", logged with the agent) and the processed ones, newest first.
 */
export function callbacksRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();

  const list = (c: Context<AgentEnv>, tab: "open" | "done", error?: string, status: 200 | 409 | 422 = 200) => {
    const { service, session } = consoleOf(c);
    const queues = Object.fromEntries(deps.repos.queues.list(service.serviceId).map((q) => [q.queueId, q.name]));
    const rows: ConsoleCallback[] = deps.repos.callbacks
      .list(service.serviceId)
      .filter((r) => (tab === "open" ? r.state === "requested" : r.state === "completed"))
      .sort((a, b) => (tab === "open" ? a.createdAt - b.createdAt : b.updatedAt - a.updatedAt))
      .slice(0, 200)
      .map((r) => ({ id: r.id, number: r.number, queueName: queues[r.queueId] ?? r.queueId, createdAt: r.createdAt, updatedAt: r.updatedAt, agent: r.agent ?? null }));
    return respondArea(c, deps, opts, "callbacks", "nav.callbacks", () => (
      <ConsoleCallbacks lang={c.get("lang")} timeZone={service.timezone} csrfToken={session.csrfToken} tab={tab} rows={rows} callControls={opts.callControls}
        worklist={featuresOf(deps, service.serviceId).includes("callback")} error={error} />
    ), status);
  };

  app.get("/callbacks", (c) => list(c, c.req.query("tab") === "done" ? "done" : "open"));

  app.post("/callbacks/:id/remove", async (c) => {
    const { agent } = consoleOf(c);
    const id = Number.parseInt(c.req.param("id"), 10);
    const done = await attempt(() => deps.admin.callbacks.change(agentActor(c, deps), agent.serviceId, id, { op: "remove", agent: agent.loginId }));
    if (!c.req.header("HX-Request")) return c.redirect("/agent/callbacks", 303);
    return done.ok ? list(c, "open") : list(c, "open", consoleError(c.get("lang"), Object.values(done.errors)[0] ?? "invalid"), done.status === 404 ? 422 : done.status);
  });
  return app;
}
