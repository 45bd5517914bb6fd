import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFieldError, OrgFormError, OrgNotice, type OrgErrors } from "./org-fields.tsx";
import { orgText } from "./text.ts";

export interface MySettingsProps {
  frame: OrgFrame;
  account: { loginId: string; name: string; phone?: string; email?: string };
  values: { nickname: string; uiLang: string; ticketAssign: boolean };
  errors?: OrgErrors;
  passwordErrors?: OrgErrors;
  saved?: boolean;
  passwordSaved?: boolean;
}

/**
 * User settings (사용자 설정, O8): account, name, phone and email read-only (the org admin keeps
 * them); nickname, UI language and ticket assignment editable; the password changed with the old one.
 */
export function MySettingsPage(props: MySettingsProps) {
  const { frame, account: a, values: v } = props;
  const o = orgText(frame.lang);
  return (
    <OrgLayout frame={frame} area="me/settings">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      {props.passwordSaved && <OrgNotice>{o("me.passwordSaved")}</OrgNotice>}
      <section class="card">
        <dl class="pairs" id="account">
          <dt>{o("me.account")}</dt><dd class="mono">{a.loginId}</dd>
          <dt>{o("members.name")}</dt><dd>{a.name}</dd>
          <dt>{o("members.phone")}</dt><dd>{a.phone ?? "—"}</dd>
          <dt>{o("members.email")}</dt><dd>{a.email ?? "—"}</dd>
        </dl>
        <p class="muted">{o("me.readOnly")}</p>
        <form method="post" action="/admin/org/me/settings" class="grid" id="settings-form">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={props.errors} fields={["nickname", "uiLang", "ticketAssign"]} />
          <OrgField o={o} label={o("me.nickname")} name="nickname" value={v.nickname} errors={props.errors} maxlength={40} hint={o("me.nicknameHint")} />
          <label>
            {o("me.uiLang")}
            <select name="uiLang">
              <option value="ko" selected={v.uiLang === "ko"}>한국어</option>
              <option value="en" selected={v.uiLang === "en"}>English</option>
            </select>
            <OrgFieldError o={o} errors={props.errors} name="uiLang" />
          </label>
          <label>
            <input type="checkbox" name="ticketAssign" value="1" checked={v.ticketAssign} /> {o("me.ticketAssign")}
          </label>
          <div><button type="submit">{o("save")}</button></div>
        </form>
      </section>
      <section class="card">
        <h2>{o("me.password")}</h2>
        <form method="post" action="/admin/org/me/password" class="grid" id="password-form">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={props.passwordErrors} fields={["oldPassword", "newPassword", "confirm"]} />
          <OrgField o={o} label={o("me.oldPassword")} name="oldPassword" type="password" errors={props.passwordErrors} required autocomplete="current-password" />
          <OrgField o={o} label={o("me.newPassword")} name="newPassword" type="password" errors={props.passwordErrors} required autocomplete="new-password" />
          <OrgField o={o} label={o("me.confirm")} name="confirm" type="password" errors={props.passwordErrors} required autocomplete="new-password" />
          <div><button type="submit">{o("save")}</button></div>
        </form>
      </section>
    </OrgLayout>
  );
}
