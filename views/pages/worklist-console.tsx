import type { Lang } from "../messages.ts";
import { phoneNumberText } from "../components/phone-number.ts";
import { localTime } from "../components/ops-text.ts";
import { errorText, settingsText } from "../settings/text.ts";
import type { WorklistRowView } from "./worklist-page.tsx";
import { worklistText, type WorklistKey } from "./worklist-text.ts";

/**
 * The lost callers on the agent console (issue 15): each number once, why, and "call back", which
 * takes a callback request through the one door (the request then shows on the callbacks tab).
 */
export function ConsoleWorklist(props: {
  lang: Lang;
  timeZone: string;
  csrfToken: string;
  rows: WorklistRowView[];
  notice?: { key: WorklistKey; vars?: Record<string, string> };
  error?: string;
}) {
  const w = worklistText(props.lang);
  return (
    <>
      <p class="muted">{w("intro")}</p>
      {props.notice && <p class="notice" role="status" data-notice={props.notice.key}>{w(props.notice.key, props.notice.vars)}</p>}
      {props.error && <p class="error" role="alert" data-error={props.error}>{errorText(settingsText(props.lang), props.error)}</p>}
      {props.rows.length === 0 ? (
        <p class="muted">{w("empty")}</p>
      ) : (
        <ul class="calls" data-testid="worklist">
          {props.rows.map((r) => (
            <li class="call-row" data-number={r.number}>
              <span class="row-top">
                <strong class="mono">{phoneNumberText(props.lang, r.number)}</strong>
                <span class="muted">{localTime(props.lang, props.timeZone, r.lastAt)}</span>
              </span>
              <span class="row-mid muted">
                {w(`reason.${r.reason}` as WorklistKey)} · {r.losses}
              </span>
              <span class="actions">
                {r.openCallbackId !== null ? (
                  <span class="muted" data-callback={r.openCallbackId}>{w("pending", { id: r.openCallbackId })}</span>
                ) : (
                  <form method="post" action="/agent/worklist/callback" hx-post="/agent/worklist/callback" hx-target="#main" hx-swap="innerHTML" class="inline">
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <input type="hidden" name="number" value={r.number} />
                    {r.callId && <input type="hidden" name="callId" value={r.callId} />}
                    <button type="submit" data-testid={`callback-${r.number}`}>{w("request")}</button>
                  </form>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
