import type { Lang } from "../messages.ts";
import { consoleLabel, consoleText, localDateTime } from "./text.ts";

/** One earlier call of the same customer (A3). */
export interface PastCall {
  callId: string;
  startedAt: number;
  direction: string;
  result: string | null;
  agent: string | null;
  typeName: string | null;
  notes: string | null;
}

/** The call ringing or going on at the agent now (A3), or none. */
export interface CallView {
  phase: "ringing" | "on-call" | "dialing";
  /** The customer's number; null when unknown. */
  number: string | null;
  /** The agent dialled out: the number is the dialled party, not a caller. */
  outbound?: boolean;
  callId?: string;
  /** The customer's last calls, newest first. */
  lastCalls: PastCall[];
  /** The service's screen-pop URL for this caller, when the agent turned screen-pop on (G9). */
  popupUrl?: string;
  /** Ready agents a call can be transferred to (C10). */
  transferTo: { loginId: string; name: string }[];
}

/** One in-call button: posted by the page's script to the call controls under /agent/calls (JSON answers). */
function Action(props: { path: string; label: string; csrfToken: string; kind?: string; children?: unknown }) {
  return (
    <form method="post" action={`/agent/calls/${props.path}`} data-call-action="#call-status" class="inline">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.children}
      <button type="submit" class={props.kind} data-testid={`call-${props.path.replace("/", "-")}`}>{props.label}</button>
    </form>
  );
}

/**
 * The incoming-call panel (A3): a screen apart from the rest, with the caller's number, the
 * customer's last calls and the screen-pop link; answering happens on the desk phone, or here with the
 * softphone's Answer / Reject (shown by console.js while the call rings in this browser).
 * During a call: the number and the call controls' slot (their routes live under /agent/calls).
 */
export function CallPanel(props: { lang: Lang; timeZone: string; csrfToken: string; call?: CallView; callControls: boolean }) {
  const t = consoleText(props.lang);
  const c = props.call;
  if (!c) return <></>;
  const ringing = c.phase === "ringing";
  return (
    <div class={`card call ${ringing ? "ringing" : "in-call"}`} data-testid={ringing ? "incoming" : "in-call"} data-call={c.callId ?? ""} data-popup={c.popupUrl ?? ""}>
      <h2>{ringing ? t("in.title") : consoleLabel(props.lang, "state", c.phase)}</h2>
      <p class="caller">
        <span class="muted">{t(c.outbound ? "in.dialled" : "in.caller")}</span> <strong class="mono" data-testid="caller">{c.number ?? "—"}</strong>
      </p>
      {ringing && <p class="muted" data-answer-hint>{t("in.answerHint")}</p>}
      {ringing && (
        // The browser softphone's buttons: console.js shows them only while the call rings in this browser (softphone mode).
        <p class="actions" data-softphone-actions hidden>
          <button type="button" data-softphone-answer data-testid="softphone-answer">{t("in.answer")}</button>
          <button type="button" class="danger" data-softphone-reject data-testid="softphone-reject">{t("in.reject")}</button>
        </p>
      )}
      {c.popupUrl && (
        <p>
          <a href={c.popupUrl} target="_blank" rel="noopener noreferrer" data-testid="screen-pop">{t("in.popup")}</a>
        </p>
      )}
      {!ringing && props.callControls && (
        <div id="call-controls" class="actions call-controls" role="group" aria-label={t("call.controls")}>
          <Action path="hold" label={t("call.hold")} csrfToken={props.csrfToken} kind="secondary" />
          <Action path="resume" label={t("call.resume")} csrfToken={props.csrfToken} kind="secondary" />
          <button type="button" class="secondary" data-mute aria-pressed="false">{t("call.mute")}</button>
          {c.transferTo.length > 0 && (
            <Action path="transfer" label={t("call.transfer")} csrfToken={props.csrfToken} kind="secondary">
              <select name="loginId" aria-label={t("call.transferTo")}>
                {c.transferTo.map((a) => <option value={a.loginId}>{a.name} ({a.loginId})</option>)}
              </select>
              <select name="mode" aria-label={t("call.transfer")}>
                <option value="blind">{t("call.blind")}</option>
                <option value="consult">{t("call.consult")}</option>
              </select>
            </Action>
          )}
          <Action path="consult/complete" label={t("call.complete")} csrfToken={props.csrfToken} kind="secondary" />
          <Action path="consult/cancel" label={t("call.cancelConsult")} csrfToken={props.csrfToken} kind="secondary" />
          <Action path="hangup" label={t("call.hangup")} csrfToken={props.csrfToken} kind="danger" />
        </div>
      )}
      {!ringing && <p id="call-status" class="muted small" role="status"></p>}
      <h3>{t("in.last")}</h3>
      {c.lastCalls.length === 0 ? (
        <p class="muted">{t("in.none")}</p>
      ) : (
        <ul class="past">
          {c.lastCalls.map((p) => (
            <li>
              <span class="muted">{localDateTime(p.startedAt, props.timeZone)}</span> {consoleLabel(props.lang, "dir", p.direction)} ·{" "}
              {consoleLabel(props.lang, "res", p.result)}
              {p.typeName && <> · {p.typeName}</>}
              {p.notes && <div class="notes-line">{p.notes}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
