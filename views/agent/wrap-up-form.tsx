import type { Lang } from "../messages.ts";
import { AWAY_REASONS } from "./state-panel.tsx";
import { clock, consoleError, consoleLabel, consoleText, localDateTime } from "./text.ts";

/** A call's wrap-up (A6) as the form shows it. */
export interface WrapUpView {
  call: { callId: string; startedAt: number; number: string; direction: string; talkSeconds: number | null };
  /** The service's consultation types (retired ones only when this call has one). */
  types: { id: number; name: string }[];
  typeId: string;
  notes: string;
  /** Field → error key (the domain's message keys). */
  errors?: Record<string, string>;
  saved?: boolean;
  /** "wrap-up" right after a call (save with ready or away); "edit" from the history (save only). */
  mode: "wrap-up" | "edit";
}

const MAX = 1024;

/**
 * The wrap-up form (A6): the call's information, date and time, consultation type and inquiry/action
 * notes (1024 characters); picking ready or away saves them. Refused notes keep what was typed, and
 * what was saved before stays saved.
 */
export function WrapUpForm(props: { lang: Lang; csrfToken: string; timeZone: string; view: WrapUpView }) {
  const t = consoleText(props.lang);
  const v = props.view;
  const c = v.call;
  const err = (f: string) => v.errors?.[f] && <span class="error" role="alert" id={`${f}-error`} data-testid={`${f}-error`}>{consoleError(props.lang, v.errors[f]!)}</span>;
  const length = [...v.notes].length;
  return (
    <section id="wrap-up" class="card wrap-up" data-call={c.callId} data-testid="wrap-up">
      <h2>{v.mode === "wrap-up" ? t("wrap.title") : t("hist.edit")}</h2>
      {v.saved && <p class="notice" role="status" data-testid="wrap-saved">{t("wrap.saved")}</p>}
      <dl class="pairs">
        <dt>{t("wrap.time")}</dt>
        <dd>{localDateTime(c.startedAt, props.timeZone)}</dd>
        <dt>{t("wrap.number")}</dt>
        <dd class="mono">{c.number} ({consoleLabel(props.lang, "dir", c.direction)})</dd>
        <dt>{t("wrap.talk")}</dt>
        <dd>{c.talkSeconds === null ? "—" : clock(c.talkSeconds)}</dd>
      </dl>
      <form method="post" action="/agent/wrap-up" hx-post="/agent/wrap-up" hx-target="#wrap-up" hx-swap="outerHTML">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="callId" value={c.callId} />
        <input type="hidden" name="mode" value={v.mode} />
        {err("_form")}
        {err("callId")}
        <label>
          {t("wrap.type")}
          <select name="typeId" aria-invalid={v.errors?.typeId ? "true" : undefined}>
            <option value="">{t("wrap.noType")}</option>
            {v.types.map((x) => (
              <option value={String(x.id)} selected={String(x.id) === v.typeId}>{x.name}</option>
            ))}
          </select>
          {err("typeId")}
        </label>
        <label>
          {t("wrap.notes")}
          <textarea name="notes" rows={6} data-max={MAX} aria-invalid={v.errors?.notes ? "true" : undefined} aria-describedby="notes-count" data-testid="notes">
            {v.notes}
          </textarea>
          <small id="notes-count" class={length > MAX ? "error" : "muted"} data-count>{t("wrap.count", { n: length })}</small>
          {err("notes")}
        </label>
        {v.mode === "wrap-up" ? (
          <>
            <p class="muted small">{t("wrap.hint")}</p>
            <div class="actions">
              <button type="submit" name="then" value="ready" data-testid="save-ready">{t("wrap.saveReady")}</button>
              <select name="reason" aria-label={t("main.reason")}>
                {AWAY_REASONS.map((r) => <option value={r}>{t(`reason.${r}`)}</option>)}
              </select>
              <button type="submit" name="then" value="away" class="secondary" data-testid="save-away">{t("wrap.saveAway")}</button>
            </div>
          </>
        ) : (
          <button type="submit" name="then" value="stay" data-testid="save-notes">{t("wrap.save")}</button>
        )}
      </form>
    </section>
  );
}
