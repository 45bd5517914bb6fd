import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { OrgField, OrgFormError, type OrgErrors } from "./org-fields.tsx";
import { orgText } from "./text.ts";

export interface WelcomeProps {
  lang: Lang;
  t: Translate;
  path: string;
  /** The invited member, or undefined when the link is dead. */
  member?: { name: string; loginId: string };
  errors?: OrgErrors;
  done?: boolean;
}

/** The set-password page of an invitation link (O4): no session; the token in the path is the proof. */
export function WelcomePage(props: WelcomeProps) {
  const o = orgText(props.lang);
  return (
    <Page lang={props.lang} t={props.t} title={o("welcome.title")} path={props.path}>
      <section class="card narrow">
        <h1>{o("welcome.title")}</h1>
        {props.done ? (
          <p role="status">
            {o("welcome.done")} <a href="/admin/login">{o("welcome.login")}</a>
          </p>
        ) : !props.member ? (
          <p class="error" role="alert">{o("welcome.expired")}</p>
        ) : (
          <form method="post" action={props.path} class="grid">
            <p>{o("welcome.hello", { name: props.member.name, loginId: props.member.loginId })}</p>
            <OrgFormError o={o} errors={props.errors} fields={["password"]} />
            <OrgField o={o} label={o("welcome.password")} name="password" type="password" errors={props.errors} required autocomplete="new-password" />
            <div>
              <button type="submit">{o("save")}</button>
            </div>
          </form>
        )}
      </section>
    </Page>
  );
}
