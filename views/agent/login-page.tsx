import { raw } from "hono/html";
import type { Lang } from "../messages.ts";
import { consoleText } from "./text.ts";

/** Props of {@link ConsoleLoginPage}. */
export interface ConsoleLoginProps {
  lang: Lang;
  values: { serviceId: string; loginId: string; remember: boolean };
  /** Why the last attempt failed or the session ended (translated). */
  error?: string;
  /** A neutral message (signed out, cancelled). */
  notice?: string;
  /** Set when the ID is signed in elsewhere: the page asks whether to force the sign-in. */
  ticket?: string;
}

/**
 * The console's sign-in (A1): service ID, agent ID and password (case-sensitive), "remember ID";
 * when the ID is signed in elsewhere, a confirm step: sign in here (the other session ends) or cancel.
 */
export function ConsoleLoginPage(props: ConsoleLoginProps) {
  const t = consoleText(props.lang);
  const other: Lang = props.lang === "ko" ? "en" : "ko";
  const v = props.values;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content="#1d4ed8" />
          <title>{`${t("login.title")} · ${t("app")}`}</title>
          <link rel="manifest" href="/agent/manifest.webmanifest" />
          <link rel="icon" href="/agent/icon-192.png" />
          <link rel="stylesheet" href="/agent/assets/console.css" />
          <script src="/agent/assets/console.js" defer></script>
        </head>
        <body class="login" data-lang={props.lang}>
          <main class="card narrow">
            <p class="lang-switch">
              <a href={`/agent/login?lang=${other}`} hreflang={other}>{t("language")}</a>
            </p>
            <h1>{t("login.title")}</h1>
            {props.error && <p class="error" role="alert" data-testid="login-error">{props.error}</p>}
            {props.notice && <p class="notice" role="status" data-testid="login-notice">{props.notice}</p>}
            {props.ticket ? (
              <div class="confirm" data-testid="confirm">
                <p>{t("login.confirm")}</p>
                <form method="post" action="/agent/login/confirm" class="actions">
                  <input type="hidden" name="ticket" value={props.ticket} />
                  <button type="submit" name="force" value="1" data-testid="force">{t("login.force")}</button>
                  <button type="submit" name="force" value="0" class="secondary" data-testid="cancel">{t("login.cancel")}</button>
                </form>
              </div>
            ) : (
              <form method="post" action="/agent/login">
                <label>
                  {t("login.service")}
                  <input name="serviceId" value={v.serviceId} autocomplete="organization" autocapitalize="off" spellcheck={false} required />
                </label>
                <label>
                  {t("login.loginId")}
                  <input name="loginId" value={v.loginId} autocomplete="username" autocapitalize="off" spellcheck={false} required />
                </label>
                <label>
                  {t("login.password")}
                  <input name="password" type="password" autocomplete="current-password" required autofocus={Boolean(v.loginId)} />
                </label>
                <label class="check">
                  <input type="checkbox" name="remember" value="1" checked={v.remember} /> {t("login.remember")}
                </label>
                <p class="muted small">{t("login.hint")}</p>
                <button type="submit" data-testid="sign-in">{t("login.submit")}</button>
              </form>
            )}
          </main>
        </body>
      </html>
    </>
  );
}
