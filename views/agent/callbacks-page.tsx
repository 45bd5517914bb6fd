import type { Lang } from "../messages.ts";
import { DialButton } from "./dial-button.tsx";
import { consoleText, localDateTime } from "./text.ts";

/** One callback request as the console lists it (A10). */
export interface ConsoleCallback {
  id: number;
  number: string;
  queueName: string;
  createdAt: number;
  updatedAt: number;
  agent: string | null;
}

/**
 * A10: the open callback requests (call → the call controls' dial; remove → the one door's
 * callback change "remove") and the processed ones; a third tab opens the lost callers (issue 15).
 */
export function ConsoleCallbacks(props: {
  lang: Lang;
  timeZone: string;
  csrfToken: string;
  tab: "open" | "done";
  rows: ConsoleCallback[];
  callControls: boolean;
  /** The lost-caller worklist (/agent/worklist) is on: the service's contract has callbacks. */
  worklist?: boolean;
  error?: string;
}) {
  const t = consoleText(props.lang);
  return (
    <>
      <nav class="seg">
        {(["open", "done"] as const).map((x) => (
          <a href={`/agent/callbacks?tab=${x}`} hx-get={`/agent/callbacks?tab=${x}`} hx-target="#main" hx-swap="innerHTML" hx-push-url="true"
            aria-current={x === props.tab ? "page" : undefined}>
            {t(x === "open" ? "cb.open" : "cb.done")}
          </a>
        ))}
        {props.worklist && (
          <a href="/agent/worklist" hx-get="/agent/worklist" hx-target="#main" hx-swap="innerHTML" hx-push-url="true" data-testid="worklist-link">
            {t("cb.worklist")}
          </a>
        )}
      </nav>
      {props.error && <p class="error" role="alert">{props.error}</p>}
      <div id="dial-result" role="status"></div>
      {props.rows.length === 0 ? (
        <p class="muted">{t("cb.empty")}</p>
      ) : (
        <ul class="calls" data-testid="callbacks">
          {props.rows.map((r) => (
            <li class="call-row">
              <span class="row-top">
                <strong class="mono">{r.number}</strong>
                <span class="muted">{localDateTime(props.tab === "open" ? r.createdAt : r.updatedAt, props.timeZone)}</span>
              </span>
              <span class="row-mid muted">
                {r.queueName}
                {r.agent && <> · {r.agent}</>}
              </span>
              {props.tab === "open" && (
                <span class="actions">
                  <DialButton lang={props.lang} csrfToken={props.csrfToken} number={r.number} label={t("cb.dial")} enabled={props.callControls} callbackId={r.id} />
                  <form method="post" action={`/agent/callbacks/${r.id}/remove`} hx-post={`/agent/callbacks/${r.id}/remove`} hx-target="#main" hx-swap="innerHTML" class="inline">
                    <input type="hidden" name="_csrf" value={props.csrfToken} />
                    <button type="submit" class="danger" data-testid={`remove-${r.id}`}>{t("cb.remove")}</button>
                  </form>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
