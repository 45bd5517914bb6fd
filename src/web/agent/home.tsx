import { Hono, type Context } from "hono";
import { ChartPanel, consoleError, consoleText, Dialpad, FiguresPanel, MissedOffersPanel, StatePanel, WrapUpForm, type WrapUpView } from "../../../views/index.ts";
import { missedOffers } from "../api/routing-explainer.ts";
import type { CallRecord } from "../../store/index.ts";
import { attempt } from "../admin/door.ts";
import { formFields } from "../admin/form.ts";
import type { WebDeps } from "../deps.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import { chartOf, figuresOf, lastDialled, stateOf, wrapUpCall, wrapUpView } from "./console-data.ts";
import type { AgentEnv } from "./env.ts";
import { agentActor, consoleOf } from "./session.ts";

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

/**
 * The main screen (A7, A2, A6, A4): state with time in state and its buttons, the wrap-up form after a
 * call, the dialpad with redial, customers waiting, today's answer rate, the yesterday/today chart and my performance today.
 */
export function homeRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();

  const wrapUpForm = (c: Context<AgentEnv>, view: WrapUpView | undefined) => {
    const { service, session } = consoleOf(c);
    return view ? <WrapUpForm lang={c.get("lang")} csrfToken={session.csrfToken} timeZone={service.timezone} view={view} /> : <section id="wrap-up"></section>;
  };
  const pendingWrapUp = (c: Context<AgentEnv>) => {
    const { agent } = consoleOf(c);
    const call = wrapUpCall(deps, agent, stateOf(deps, agent));
    return call ? wrapUpView(deps, call, "wrap-up") : undefined;
  };

  const home = (c: Context<AgentEnv>, wrap: WrapUpView | undefined, status: 200 | 422 = 200) => {
    const { agent, service, session } = consoleOf(c);
    const lang = c.get("lang");
    return respondArea(c, deps, opts, "home", "nav.home", () => (
      <>
        {wrapUpForm(c, wrap)}
        <Dialpad lang={lang} csrfToken={session.csrfToken} lastDialled={lastDialled(deps, agent)} enabled={opts.callControls} />
        <FiguresPanel lang={lang} figures={figuresOf(deps, agent, service)} />
        {deps.cc && (
          <MissedOffersPanel
            lang={lang}
            offers={missedOffers(deps.cc, service, agent.loginId, lang === "ko" ? "ko" : "en", (deps.now ?? Date.now)())
              .slice(0, 10)
              .map((m) => ({ callId: m.callId, time: m.line.time, outcome: m.outcome, text: m.line.text }))}
          />
        )}
        <ChartPanel lang={lang} chart={chartOf(deps, service)} />
      </>
    ), status);
  };

  app.get("/", (c) => home(c, pendingWrapUp(c)));

  /** Pick ready / away (reason) / wrap-up through the one door; refused while on a call (A2). */
  app.post("/state", async (c) => {
    const { agent, session } = consoleOf(c);
    const f = await formFields(c);
    const input = { state: str(f.state), ...(str(f.reason) && str(f.state) === "away" ? { reason: str(f.reason) } : {}) };
    const done = await attempt(() => deps.admin.agents.setState(agentActor(c, deps), agent.serviceId, agent.loginId, input as never));
    if (!c.req.header("HX-Request")) return c.redirect(done.ok ? "/agent/" : `/agent/?refused=${Object.values(done.errors)[0]}`, 303);
    const state = { ...stateOf(deps, agent), error: done.ok ? undefined : consoleError(c.get("lang"), Object.values(done.errors)[0] ?? "invalid") };
    return c.html(<StatePanel lang={c.get("lang")} csrfToken={session.csrfToken} state={state} />, done.ok ? 200 : done.status);
  });

  /** The wrap-up form of the call just ended (empty when there is none): the page asks for it when the state turns wrap-up. */
  app.get("/wrap-up", (c) => c.html(wrapUpForm(c, pendingWrapUp(c))));

  /** Save the type and notes (A6), then ready or away; from the history, save only. Refused notes keep what was typed. */
  app.post("/wrap-up", async (c) => {
    const { agent } = consoleOf(c);
    const f = await formFields(c);
    const typed = { callId: str(f.callId), typeId: str(f.typeId), notes: str(f.notes) };
    const mode = str(f.mode) === "edit" ? "edit" : "wrap-up";
    const then = str(f.then);
    const htmx = Boolean(c.req.header("HX-Request"));
    const saved = await attempt(() => deps.admin.console.saveNotes(agentActor(c, deps), agent.serviceId, agent.loginId, typed));
    const call: CallRecord | undefined = deps.repos.calls.get(typed.callId);
    if (!saved.ok) {
      const view = call && call.serviceId === agent.serviceId ? { ...wrapUpView(deps, call, mode, typed), errors: saved.errors } : undefined;
      if (htmx || !view) return c.html(wrapUpForm(c, view), saved.status);
      return home(c, view, 422);
    }
    if (then === "ready" || then === "away") {
      const pick = then === "away" ? { state: "away" as const, reason: (str(f.reason) || "break") as never } : { state: "ready" as const };
      await attempt(() => deps.admin.agents.setState(agentActor(c, deps), agent.serviceId, agent.loginId, pick));
    }
    if (!htmx) return c.redirect(mode === "edit" ? `/agent/history/${encodeURIComponent(typed.callId)}` : "/agent/", 303);
    if (mode === "edit") return c.html(wrapUpForm(c, { ...wrapUpView(deps, saved.value, "edit"), saved: true }));
    return c.html(
      <section id="wrap-up">
        <p class="notice" role="status" data-testid="wrap-saved">{consoleText(c.get("lang"))("wrap.saved")}</p>
      </section>,
    );
  });
  return app;
}
