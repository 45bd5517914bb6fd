import { Hono, type Context } from "hono";
import { ConsoleMore, type ConsoleMoreProps } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import { formFields } from "../admin/form.ts";
import type { WebDeps } from "../deps.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import { consoleBuildInfo } from "./build-info.ts" with { type: "macro" };
import type { AgentEnv } from "./env.ts";
import { agentActor, consoleOf } from "./session.ts";

/** The version and licences, read at bundle time and embedded in the executable. */
const BUILD = consoleBuildInfo();

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/** A11 and the console settings: password change, notices (read on view), About with licences, screen-pop and phone mode. */
export function moreRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();

  const page = (c: Context<AgentEnv>, extra: Partial<ConsoleMoreProps> = {}, status: 200 | 422 = 200) => {
    const { agent, service, session } = consoleOf(c);
    const prefs = deps.repos.agentConsole.prefs(agent.serviceId, agent.loginId);
    const notices = deps.repos.notices.list(service.serviceId, 50).map((n) => ({
      id: n.id, title: n.title, body: n.body, createdAt: n.createdAt, everyService: n.serviceId === undefined, unread: n.createdAt > prefs.noticesSeenAt,
    }));
    const res = respondArea(c, deps, opts, "more", "nav.more", () => (
      <ConsoleMore lang={c.get("lang")} timeZone={service.timezone} csrfToken={session.csrfToken} extension={agent.extension}
        prefs={{ screenPop: prefs.screenPop, phoneMode: prefs.phoneMode }} screenPopTemplate={deps.repos.workSettings.get(service.serviceId).screenPopUrl}
        notices={notices} version={BUILD.version} licences={BUILD.licences} {...extra} />
    ), status);
    // Shown once as unread, then read: the badge clears on the next page.
    if (notices.some((n) => n.unread)) deps.admin.console.noticesSeen(agent.serviceId, agent.loginId);
    return res;
  };

  app.get("/more", (c) => page(c));

  app.post("/more/settings", async (c) => {
    const { agent } = consoleOf(c);
    const f = await formFields(c);
    const input = { screenPop: str(f.screenPop) === "1", phoneMode: str(f.phoneMode) || "softphone" };
    const done = await attempt(() => deps.admin.console.setPrefs(agentActor(c, deps), agent.serviceId, agent.loginId, input as never));
    // A new phone mode changes the page's shell (the softphone script): reload it whole.
    if (done.ok && c.req.header("HX-Request")) c.header("HX-Refresh", "true");
    if (!c.req.header("HX-Request") && done.ok) return c.redirect("/agent/more", 303);
    return page(c, done.ok ? { done: "settings" } : { errors: done.errors }, done.ok ? 200 : 422);
  });

  app.post("/more/password", async (c) => {
    const { agent } = consoleOf(c);
    const f = await formFields(c);
    const done = await attempt(() =>
      deps.admin.agentSignIns.changePassword(agentActor(c, deps), agent.serviceId, agent.loginId, { current: str(f.current), next: str(f.next) }),
    );
    return page(c, done.ok ? { done: "password" } : { errors: done.errors }, done.ok ? 200 : 422);
  });
  return app;
}
