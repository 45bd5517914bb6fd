import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { CallPanel, FiguresPanel, StatePanel } from "../../../views/index.ts";
import { sseResponse, type SseEvent } from "../admin/sse.ts";
import type { WebDeps } from "../deps.ts";
import type { ConsoleOptions } from "./area.tsx";
import { callOf, chartOf, figuresOf, stateOf, wrapUpCall } from "./console-data.ts";
import { AGENT_COOKIE, type AgentEnv } from "./env.ts";
import { consoleOf } from "./session.ts";

/** How often the console's stream looks (the state is at most this old), ms. */
export const CONSOLE_TICK_MS = 1000;
/** The figures and the chart are summed in SQL every this many ticks. */
const FIGURE_TICKS = 5;
/** Comment lines keep the stream under Bun's 10 s idle limit. */
export const CONSOLE_HEARTBEAT_MS = 4000;

/**
 * The console's live stream (A2, A3, A7, A1), each event sent only when it changed:
 * `state` (the state panel), `call` (the incoming-call or in-call panel, empty when none),
 * `wrapup` (the call id whose wrap-up form the page should show, "" when none),
 * `figures` (the figures panel) and `chart` (JSON), and `signed-out` (why) once the session ends —
 * signed in elsewhere, expired, blocked — so the page can say so at once.
 */
export function eventsRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  app.get("/events", (c) => {
    const { agent, service, session } = consoleOf(c);
    const lang = c.get("lang");
    const sessionId = getCookie(c, AGENT_COOKIE) ?? "";
    const log = deps.logger.child("web.agent.events");
    let ticks = 0;
    return sseResponse({
      intervalMs: CONSOLE_TICK_MS,
      heartbeatMs: CONSOLE_HEARTBEAT_MS,
      signal: c.req.raw.signal,
      onError: (err) => log.warn({ err: String(err), agent: agent.loginId }, "console update failed"),
      tick: async (): Promise<SseEvent[]> => {
        const st = deps.admin.agentSignIns.session(sessionId);
        if (!st.ok) return [{ event: "signed-out", data: st.ended }];
        const a = st.agent;
        const state = stateOf(deps, a);
        // The state panel's HTML changes every second only through `now`: compare without it.
        const stateHtml = await (<StatePanel lang={lang} csrfToken={session.csrfToken} state={{ ...state, now: state.since }} />).toString();
        const call = callOf(deps, a, state.state);
        const events: SseEvent[] = [
          { event: "state", data: stateHtml },
          { event: "call", data: await (<CallPanel lang={lang} timeZone={service.timezone} csrfToken={session.csrfToken} call={call} callControls={opts.callControls} />).toString() },
          { event: "wrapup", data: wrapUpCall(deps, a, state)?.callId ?? "" },
        ];
        if (ticks++ % FIGURE_TICKS === 0) {
          events.push({ event: "figures", data: await (<FiguresPanel lang={lang} figures={figuresOf(deps, a, service)} />).toString() });
          events.push({ event: "chart", data: JSON.stringify(chartOf(deps, service)) });
        }
        return events;
      },
    });
  });
  return app;
}
