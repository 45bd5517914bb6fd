import type { Child } from "hono/jsx";
import { RecordingPlayer } from "../components/recording-player.tsx";
import type { Lang } from "../messages.ts";
import { DialButton } from "./dial-button.tsx";
import { clock, consoleLabel, consoleText, localDateTime } from "./text.ts";

/** The three lists of A8. */
export const HISTORY_TABS = ["mine", "unconnected", "all"] as const;
export type HistoryTab = (typeof HISTORY_TABS)[number];

/** One call of a history list (A8). */
export interface HistoryRow {
  callId: string;
  startedAt: number;
  direction: string;
  /** The customer's number (called number when outbound). */
  number: string;
  queueName: string | null;
  agent: string | null;
  result: string | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  typeName: string | null;
  notes: string | null;
  recording: boolean;
}

const TAB_KEY = { mine: "hist.mine", unconnected: "hist.unconnected", all: "hist.all" } as const;

/**
 * A8: my calls, unconnected calls, all of the service (internal calls left out), newest first, a page
 * at a time; each row opens the call's details and has "call back" (the call controls' dial).
 */
export function HistoryList(props: { lang: Lang; timeZone: string; csrfToken: string; tab: HistoryTab; rows: HistoryRow[]; nextPage?: number; callControls: boolean }) {
  const t = consoleText(props.lang);
  return (
    <>
      <nav class="seg" aria-label={t("nav.history")}>
        {HISTORY_TABS.map((x) => (
          <a href={`/agent/history?tab=${x}`} hx-get={`/agent/history?tab=${x}`} hx-target="#main" hx-swap="innerHTML" hx-push-url="true"
            aria-current={x === props.tab ? "page" : undefined} data-testid={`tab-${x}`}>
            {t(TAB_KEY[x])}
          </a>
        ))}
      </nav>
      {props.rows.length === 0 ? (
        <p class="muted">{t("hist.empty")}</p>
      ) : (
        <>
          <div id="dial-result" role="status"></div>
          <ul class="calls" data-testid="history">
            {props.rows.map((r) => (
              <li>
                <a href={`/agent/history/${encodeURIComponent(r.callId)}`} hx-get={`/agent/history/${encodeURIComponent(r.callId)}`} hx-target="#main"
                  hx-swap="innerHTML" hx-push-url="true" class="call-row">
                  <span class="row-top">
                    <strong class="mono">{r.number}</strong>
                    <span class="muted">{localDateTime(r.startedAt, props.timeZone)}</span>
                  </span>
                  <span class="row-mid muted">
                    {consoleLabel(props.lang, "dir", r.direction)} · {consoleLabel(props.lang, "res", r.result)}
                    {r.queueName && <> · {r.queueName}</>}
                    {r.agent && <> · {r.agent}</>}
                    {r.talkSeconds !== null && <> · {clock(r.talkSeconds)}</>}
                  </span>
                  {(r.typeName || r.notes) && (
                    <span class="row-notes">
                      {r.typeName && <span class="tag">{r.typeName}</span>} {r.notes && <span data-testid="row-notes">{r.notes}</span>}
                    </span>
                  )}
                </a>
                {props.callControls && /\d/.test(r.number) && (
                  <span class="row-actions">
                    <DialButton lang={props.lang} csrfToken={props.csrfToken} number={r.number} label={t("hist.callBack")} enabled />
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.nextPage && (
        <p>
          <a href={`/agent/history?tab=${props.tab}&page=${props.nextPage}`}>{t("hist.more")}</a>
        </p>
      )}
    </>
  );
}

/** One call (A8): its figures, type and notes (editable when it is the agent's own), recording playback and "call back". */
export function HistoryDetail(props: {
  lang: Lang;
  timeZone: string;
  csrfToken: string;
  row: HistoryRow;
  /** The notes form when the call is the agent's own. */
  editor?: Child;
  callControls: boolean;
}) {
  const t = consoleText(props.lang);
  const r = props.row;
  const base = `/agent/history/${encodeURIComponent(r.callId)}`;
  return (
    <>
      <p>
        <a href="/agent/history" hx-get="/agent/history" hx-target="#main" hx-swap="innerHTML" hx-push-url="true">← {t("hist.back")}</a>
      </p>
      <section class="card" data-testid="call-detail">
        <dl class="pairs">
          <dt>{t("hist.time")}</dt>
          <dd>{localDateTime(r.startedAt, props.timeZone)}</dd>
          <dt>{t("hist.number")}</dt>
          <dd class="mono">{r.number}</dd>
          <dt>{t("hist.direction")}</dt>
          <dd>{consoleLabel(props.lang, "dir", r.direction)}</dd>
          <dt>{t("hist.result")}</dt>
          <dd>{consoleLabel(props.lang, "res", r.result)}</dd>
          <dt>{t("hist.queue")}</dt>
          <dd>{r.queueName ?? "—"}</dd>
          <dt>{t("hist.agent")}</dt>
          <dd>{r.agent ?? "—"}</dd>
          <dt>{t("hist.wait")}</dt>
          <dd>{r.waitSeconds === null ? "—" : clock(r.waitSeconds)}</dd>
          <dt>{t("hist.talk")}</dt>
          <dd>{r.talkSeconds === null ? "—" : clock(r.talkSeconds)}</dd>
          <dt>{t("hist.type")}</dt>
          <dd data-testid="detail-type">{r.typeName ?? "—"}</dd>
          <dt>{t("hist.notes")}</dt>
          <dd class="notes" data-testid="detail-notes">{r.notes ?? "—"}</dd>
        </dl>
        <h3>{t("hist.recording")}</h3>
        {r.recording ? (
          <RecordingPlayer wav={`${base}/recording`} mp3={`${base}/recording.mp3`} played={`${base}/recording/played`} csrfToken={props.csrfToken}
            preload="metadata" mp3Label="MP3" />
        ) : (
          <p class="muted">{t("hist.noRecording")}</p>
        )}
        <p class="actions">
          <DialButton lang={props.lang} csrfToken={props.csrfToken} number={r.number} label={t("hist.callBack")} enabled={props.callControls} />
        </p>
        <div id="dial-result" role="status"></div>
      </section>
      {props.editor}
    </>
  );
}
