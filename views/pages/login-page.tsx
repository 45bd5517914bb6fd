import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";

export interface LoginPageProps {
  lang: Lang;
  t: Translate;
  loginId?: string;
  /** An error line shown above the form (wrong password, throttled). */
  error?: string;
  /** Where to go after signing in. */
  next?: string;
}

/** The admin sign-in form (X4). */
export function LoginPage(props: LoginPageProps) {
  const { t } = props;
  return (
    <Page lang={props.lang} t={t} title={t("login.title")} path="/admin/login">
      <form method="post" action="/admin/login" class="card narrow">
        <h1>{t("login.title")}</h1>
        {props.error && (
          <p class="error" role="alert">
            {props.error}
          </p>
        )}
        <label>
          {t("login.loginId")}
          <input name="loginId" value={props.loginId ?? ""} autocomplete="username" required autofocus />
        </label>
        <label>
          {t("login.password")}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <button type="submit">{t("login.submit")}</button>
      </form>
    </Page>
  );
}
