import type { Lang } from "../messages.ts";
import { clock, consoleLabel, consoleText } from "./text.ts";

/** The agent's live state as the console shows it (A2). */
export interface StateView {
  state: string;
  reason: string | null;
  /** When the state began and the server's now (ms): the page counts the time in state from them. */
  since: number;
  now: number;
  /** A refused change's message (already translated). */
  error?: string;
  /** Why the agent is in this state (issue 17), e.g. "sip: WebSocket closed". */
  cause?: string | null;
}

/** The away reasons of A2, in the seed's order. */
export const AWAY_REASONS = ["break", "meal", "training", "reporting", "meeting", "coaching", "tickets"] as const;

const BUSY = new Set(["ringing", "on-call", "dialing"]);

function Pick(props: { csrfToken: string; state: string; label: string; current: boolean; children?: unknown }) {
  return (
    <form method="post" action="/agent/state" hx-post="/agent/state" hx-target="#state-panel" hx-swap="outerHTML" class="pick">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="state" value={props.state} />
      {props.children}
      <button type="submit" class={`state-btn state-${props.state}`} aria-pressed={props.current ? "true" : "false"} data-testid={`pick-${props.state}`}>
        {props.label}
      </button>
    </form>
  );
}

/**
 * The agent's state with its time in state and the buttons to pick ready, away (with a reason) or
 * wrap-up (A2); no buttons while ringing, dialing or on a call. Re-sent live over SSE.
 */
export function StatePanel(props: { lang: Lang; csrfToken: string; state: StateView }) {
  const t = consoleText(props.lang);
  const v = props.state;
  const busy = BUSY.has(v.state);
  return (
    <section id="state-panel" class="card state-panel" data-state={v.state} data-since={v.since} data-now={v.now}>
      <h2 class="sr-only">{t("main.state")}</h2>
      <div class="state-line">
        <span class={`state-label state-${v.state}`} data-testid="state">
          {consoleLabel(props.lang, "state", v.state)}
          {v.reason && <span class="reason"> · {consoleLabel(props.lang, "reason", v.reason)}</span>}
        </span>
        <span class="elapsed" data-elapsed data-testid="elapsed" title={t("main.elapsed")}>
          {clock((v.now - v.since) / 1000)}
        </span>
      </div>
      {v.error && <p class="error" role="alert" data-testid="state-error">{v.error}</p>}
      {v.state === "unreachable" && (
        <p class="warning" role="status" data-testid="unreachable">
          {t("main.unreachable")}
          {v.cause && <span class="muted"> ({v.cause})</span>}
        </p>
      )}
      {busy ? (
        <p class="muted">{t("main.busy")}</p>
      ) : (
        <div class="state-buttons">
          <Pick csrfToken={props.csrfToken} state="ready" label={t("state.ready")} current={v.state === "ready"} />
          <Pick csrfToken={props.csrfToken} state="away" label={t("state.away")} current={v.state === "away"}>
            <select name="reason" aria-label={t("main.reason")}>
              {AWAY_REASONS.map((r) => (
                <option value={r} selected={v.state === "away" && v.reason === r}>{t(`reason.${r}`)}</option>
              ))}
            </select>
          </Pick>
          <Pick csrfToken={props.csrfToken} state="wrap-up" label={t("state.wrap-up")} current={v.state === "wrap-up"} />
        </div>
      )}
    </section>
  );
}
