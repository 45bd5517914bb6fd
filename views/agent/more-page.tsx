import type { Lang } from "../messages.ts";
import { consoleError, consoleText, localDateTime } from "./text.ts";

/** A bundled open-source component and its licence (A11 About). */
export interface LicenceEntry {
  name: string;
  version: string;
  license: string;
}

/** Props of {@link ConsoleMore}. */
export interface ConsoleMoreProps {
  lang: Lang;
  timeZone: string;
  csrfToken: string;
  extension: string;
  prefs: { screenPop: boolean; phoneMode: "softphone" | "desk" };
  /** The service's screen-pop URL template (G9); "" when none. */
  screenPopTemplate: string;
  notices: { id: number; title: string; body: string; createdAt: number; everyService: boolean; unread: boolean }[];
  version: string;
  licences: LicenceEntry[];
  /** Field → error key of the password form. */
  errors?: Record<string, string>;
  /** What was just done ("password" changed, "settings" saved). */
  done?: "password" | "settings";
}

/** A11 and the console settings: screen-pop and phone mode, password change, notices, About with licences. */
export function ConsoleMore(props: ConsoleMoreProps) {
  const t = consoleText(props.lang);
  const csrf = <input type="hidden" name="_csrf" value={props.csrfToken} />;
  const err = (f: string) => props.errors?.[f] && <span class="error" role="alert" data-testid={`${f}-error`}>{consoleError(props.lang, props.errors[f]!)}</span>;
  const swap = { "hx-target": "#main", "hx-swap": "innerHTML" };
  return (
    <>
      <section class="card" id="settings">
        <h2>{t("more.settings")}</h2>
        {props.done === "settings" && <p class="notice" role="status">{t("more.saved")}</p>}
        <form method="post" action="/agent/more/settings" hx-post="/agent/more/settings" {...swap}>
          {csrf}
          <label class="check">
            <input type="checkbox" name="screenPop" value="1" checked={props.prefs.screenPop} data-testid="screen-pop-toggle" /> {t("more.screenPop")}
          </label>
          <p class="muted small">
            {props.screenPopTemplate ? t("more.screenPopUrl", { url: props.screenPopTemplate }) : t("more.screenPopNone")}
          </p>
          <fieldset>
            <legend>{t("more.mode")}</legend>
            <label class="check">
              <input type="radio" name="phoneMode" value="softphone" checked={props.prefs.phoneMode === "softphone"} /> {t("mode.softphone")}
            </label>
            <label class="check">
              <input type="radio" name="phoneMode" value="desk" checked={props.prefs.phoneMode === "desk"} data-testid="mode-desk" />{" "}
              {t("mode.desk", { ext: props.extension })}
            </label>
          </fieldset>
          <button type="submit">{t("save")}</button>
        </form>
      </section>
      <section class="card" id="password">
        <h2>{t("more.password")}</h2>
        {props.done === "password" && <p class="notice" role="status" data-testid="password-changed">{t("more.changed")}</p>}
        <form method="post" action="/agent/more/password" hx-post="/agent/more/password" {...swap}>
          {csrf}
          <label>
            {t("more.current")}
            <input type="password" name="current" autocomplete="current-password" required />
            {err("current")}
          </label>
          <label>
            {t("more.next")}
            <input type="password" name="next" autocomplete="new-password" minlength={8} required />
            {err("next")}
          </label>
          <button type="submit">{t("more.password")}</button>
        </form>
      </section>
      <section class="card" id="notices">
        <h2>{t("more.notices")}</h2>
        {props.notices.length === 0 ? (
          <p class="muted">{t("more.noNotices")}</p>
        ) : (
          <ul class="notices" data-testid="notices">
            {props.notices.map((n) => (
              <li class={n.unread ? "unread" : undefined}>
                <strong>{n.title}</strong> <span class="muted small">{localDateTime(n.createdAt, props.timeZone)}</span>
                {n.everyService && <span class="tag">{t("more.everyService")}</span>}
                <p class="pre">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" id="about">
        <h2>{t("more.about")}</h2>
        <p>
          {t("app")} · {t("more.version")} <strong data-testid="version">{props.version}</strong>
        </p>
        <h3>{t("more.licences")}</h3>
        <p class="small">{t("more.lgpl")}</p>
        <div class="table-wrap">
          <table class="licences" data-testid="licences">
            <tbody>
              {props.licences.map((l) => (
                <tr>
                  <td>{l.name}</td>
                  <td class="muted">{l.version}</td>
                  <td>{l.license}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
