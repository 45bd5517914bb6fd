import { localTime } from "../components/ops-text.ts";
import { OpsLayout } from "../components/ops-layout.tsx";
import { phoneNumberText } from "../components/phone-number.ts";
import { opsText } from "../components/ops-text.ts";
import { Csrf } from "../settings/fields.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { errorText, settingsText } from "../settings/text.ts";
import { worklistText, type WorklistKey } from "./worklist-text.ts";

/** The keys a caller may press for a callback (C7). */
const KEYS = ["*", "#", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/** One number on the worklist (issue 15). */
export interface WorklistRowView {
  number: string;
  lastAt: number;
  reason: string;
  losses: number;
  callId: string | null;
  openCallbackId: number | null;
}

/** Props of {@link WorklistPage}. */
export interface WorklistPageProps {
  frame: ServiceFrame;
  timeZone: string;
  days: number;
  rows: WorklistRowView[];
  settings: { callbackKey: string; callbackRetryMinutes: number; callbackTries: number; callbackAutoDial: boolean };
  /** What the last post did: a notice, or a field error key. */
  notice?: { key: WorklistKey; vars?: Record<string, string> };
  error?: string;
}

/**
 * No lost caller (issue 15): every abandoned, after-hours or failed-callback number once, until a
 * call with it is connected; a callback one click away; and the service's callback settings (C7).
 */
export function WorklistPage(props: WorklistPageProps) {
  const { frame } = props;
  const w = worklistText(frame.lang);
  const s = opsText(frame.lang);
  const base = `/admin/services/${frame.service.serviceId}/history/worklist`;
  const calls = `/admin/services/${frame.service.serviceId}/history/calls`;
  const token = frame.user.csrfToken;
  return (
    <OpsLayout frame={frame} area="history/worklist" title={s("menu.worklist")}>
      <p class="muted">{w("intro")}</p>
      {props.notice && <p class="notice" role="status" data-notice={props.notice.key}>{w(props.notice.key, props.notice.vars)}</p>}
      {props.error && <p class="error" role="alert" data-error={props.error}>{errorText(settingsText(frame.lang), props.error)}</p>}
      <form method="get" action={base} class="filters">
        <label>
          {w("days")} <input type="number" name="days" min="1" max="90" value={String(props.days)} />
        </label>
        <button type="submit">{w("show")}</button>
      </form>
      <div class="table-wrap" id="worklist">
        <table>
          <thead>
            <tr><th>{w("number")}</th><th>{w("last")}</th><th>{w("reason")}</th><th>{w("losses")}</th><th>{w("action")}</th></tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={5} class="empty">{w("empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr data-number={r.number}>
                <td data-label={w("number")} class="mono">{phoneNumberText(frame.lang, r.number)}</td>
                <td data-label={w("last")}>
                  {r.callId ? <a href={`${calls}/${encodeURIComponent(r.callId)}`}>{localTime(frame.lang, props.timeZone, r.lastAt)}</a> : localTime(frame.lang, props.timeZone, r.lastAt)}
                </td>
                <td data-label={w("reason")}>{w(`reason.${r.reason}` as WorklistKey)}</td>
                <td data-label={w("losses")}>{r.losses}</td>
                <td data-label={w("action")}>
                  {r.openCallbackId !== null ? (
                    <span class="muted" data-callback={r.openCallbackId}>{w("pending", { id: r.openCallbackId })}</span>
                  ) : (
                    <form method="post" action={`${base}/callback`} class="inline">
                      <Csrf token={token} />
                      <input type="hidden" name="number" value={r.number} />
                      {r.callId && <input type="hidden" name="callId" value={r.callId} />}
                      <button type="submit" data-testid={`callback-${r.number}`}>{w("request")}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{w("settings")}</h2>
      <form method="post" action={`${base}/settings`} class="stack" id="callback-settings">
        <Csrf token={token} />
        <label>
          {w("key")}{" "}
          <select name="callbackKey">
            {KEYS.map((k) => <option value={k} selected={k === props.settings.callbackKey}>{k}</option>)}
          </select>
        </label>
        <label>
          {w("retry")} <input type="number" name="callbackRetryMinutes" min="1" max="1440" required value={String(props.settings.callbackRetryMinutes)} />
        </label>
        <label>
          {w("tries")} <input type="number" name="callbackTries" min="1" max="10" required value={String(props.settings.callbackTries)} />
        </label>
        <label>
          <input type="checkbox" name="callbackAutoDial" value="1" checked={props.settings.callbackAutoDial} /> {w("auto")}
        </label>
        <button type="submit">{w("save")}</button>
      </form>
    </OpsLayout>
  );
}
