import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { AreaContent, CallPanel, consoleError, ConsoleLayout, consoleText, type ConsoleArea, type ConsoleFrame, type ConsoleKey, type StateView } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { callOf, stateOf } from "./console-data.ts";
import type { AgentEnv } from "./env.ts";
import { consoleOf } from "./session.ts";

/** How the console was put together: whether the call controls' routes are mounted under /agent/calls. */
export interface ConsoleOptions {
  callControls: boolean;
}

/** The frame around every console page: agent, service, live state, incoming call, unread notices. */
export function consoleFrame(c: Context<AgentEnv>, deps: WebDeps, opts: ConsoleOptions, state?: StateView): ConsoleFrame {
  const { agent, service, session } = consoleOf(c);
  const lang = c.get("lang");
  const prefs = deps.repos.agentConsole.prefs(agent.serviceId, agent.loginId);
  // A refused change that came back by redirect (?refused=busy) shows in the state panel.
  const refused = c.req.query("refused") ?? "";
  const st = state ?? { ...stateOf(deps, agent), error: /^[A-Za-z]{1,30}$/.test(refused) ? consoleError(lang, refused) : undefined };
  return {
    lang,
    agent: { loginId: agent.loginId, name: agent.name, extension: agent.extension },
    service: { serviceId: service.serviceId, name: service.name, timeZone: service.timezone },
    csrfToken: session.csrfToken,
    unread: deps.repos.notices.countSince(service.serviceId, prefs.noticesSeenAt),
    phoneMode: prefs.phoneMode,
    state: st,
    incoming: <CallPanel lang={lang} timeZone={service.timezone} csrfToken={session.csrfToken} call={callOf(deps, agent, st.state)} callControls={opts.callControls} />,
    callControls: opts.callControls,
  };
}

/**
 * Answer an area: its content alone for an htmx request (swapped into #main), else the whole page.
 * History restores (`HX-History-Restore-Request`) get the whole page.
 */
export function respondArea(
  c: Context<AgentEnv>,
  deps: WebDeps,
  opts: ConsoleOptions,
  area: ConsoleArea,
  titleKey: ConsoleKey,
  body: () => Child,
  status: 200 | 409 | 422 = 200,
): Response | Promise<Response> {
  c.header("Vary", "HX-Request");
  c.header("Cache-Control", "no-store");
  const title = consoleText(c.get("lang"))(titleKey);
  if (c.req.header("HX-Request") && !c.req.header("HX-History-Restore-Request")) {
    return c.html(<AreaContent title={title}>{body()}</AreaContent>, status);
  }
  return c.html(
    <ConsoleLayout frame={consoleFrame(c, deps, opts)} area={area} title={title}>
      {body()}
    </ConsoleLayout>,
    status,
  );
}
