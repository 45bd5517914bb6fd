import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFormError, OrgNotice, OrgPostButton, type OrgErrors } from "./org-fields.tsx";
import { orgText } from "./text.ts";

/** One member in the list (O4). */
export interface MemberRow {
  loginId: string;
  name: string;
  email?: string;
  orgAdmin: boolean;
  active: boolean;
  /** "serviceId: role, role" per service. */
  roles: { serviceId: string; roles: string[] }[];
}

export interface MembersProps {
  frame: OrgFrame;
  q: string;
  rows: MemberRow[];
  /** Services for the role form. */
  services: { serviceId: string; name: string }[];
  invite: { name: string; loginId: string; email: string };
  errors?: OrgErrors;
  /** After an invitation: the link to pass on (shown once), or the address it was mailed to. */
  invited?: { loginId: string; link?: string; email?: string };
  saved?: boolean;
  /** The member a refused row action was about. */
  errorMember?: string;
}

/**
 * Org admins (조직관리자, O4): invite a member (name, ID, email → a set-password link), search by
 * part of name, ID or email, grant or revoke org admin, deactivate, remove, and service roles.
 */
export function MembersPage(props: MembersProps) {
  const { frame, errors } = props;
  const o = orgText(frame.lang);
  const token = frame.user.csrfToken;
  const rowErrors = props.errorMember ? errors : undefined;
  const formErrors = props.errorMember ? undefined : errors;
  return (
    <OrgLayout frame={frame} area="members">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      {props.invited?.link && (
        <OrgNotice kind="secret">
          {o("members.link", { loginId: props.invited.loginId })} <code class="once" id="invite-link">{props.invited.link}</code>
        </OrgNotice>
      )}
      {props.invited?.email && !props.invited.link && <OrgNotice>{o("members.mailed", { email: props.invited.email })}</OrgNotice>}
      <p class="muted">{o("members.hint")}</p>
      <details class="card" open={Boolean(formErrors)}>
        <summary>{o("members.invite")}</summary>
        <form method="post" action="/admin/org/members" class="grid" id="invite-form">
          <OrgCsrf token={token} />
          <OrgFormError o={o} errors={formErrors} fields={["name", "loginId", "email"]} />
          <OrgField o={o} label={o("members.name")} name="name" value={props.invite.name} errors={formErrors} required maxlength={100} />
          <OrgField o={o} label={o("members.loginId")} name="loginId" value={props.invite.loginId} errors={formErrors} required maxlength={64} />
          <OrgField o={o} label={o("members.email")} name="email" value={props.invite.email} errors={formErrors} type="email" required maxlength={200} />
          <div>
            <button type="submit">{o("members.invite")}</button>
          </div>
        </form>
      </details>
      <form method="get" action="/admin/org/members" class="filters">
        <label>
          {o("members.q")} <input type="search" name="q" value={props.q} />
        </label>
        <button type="submit">{o("search")}</button>
      </form>
      <div class="table-wrap" id="members">
        <table>
          <thead>
            <tr>
              <th>{o("members.name")}</th>
              <th>{o("members.loginId")}</th>
              <th>{o("members.email")}</th>
              <th>{o("members.orgAdmin")}</th>
              <th>{o("members.state")}</th>
              <th>{o("members.roles")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={7}>{o("empty")}</td></tr>}
            {props.rows.map((m) => {
              const base = `/admin/org/members/${encodeURIComponent(m.loginId)}`;
              const who = { name: m.name, loginId: m.loginId };
              return (
                <tr id={`member-${m.loginId}`}>
                  <td data-label={o("members.name")}>{m.name}</td>
                  <td data-label={o("members.loginId")} class="mono">{m.loginId}</td>
                  <td data-label={o("members.email")}>{m.email ?? ""}</td>
                  <td data-label={o("members.orgAdmin")}>{m.orgAdmin ? o("yes") : o("no")}</td>
                  <td data-label={o("members.state")}>{m.active ? o("members.active") : o("members.inactive")}</td>
                  <td data-label={o("members.roles")}>
                    {m.roles.map((r) => `${r.serviceId}: ${r.roles.map((x) => o(x === "agent" ? "role.agent" : "role.service-admin")).join(", ")}`).join(" · ")}
                  </td>
                  <td class="actions">
                    <OrgPostButton action={`${base}/org-admin`} token={token} label={m.orgAdmin ? o("members.revoke") : o("members.grant")} confirm={m.orgAdmin ? o("confirm.revokeOrgAdmin", who) : undefined}>
                      <input type="hidden" name="orgAdmin" value={m.orgAdmin ? "0" : "1"} />
                    </OrgPostButton>
                    <OrgPostButton action={`${base}/active`} token={token} label={m.active ? o("members.deactivate") : o("members.activate")} confirm={m.active ? o("confirm.deactivate", who) : undefined}>
                      <input type="hidden" name="active" value={m.active ? "0" : "1"} />
                    </OrgPostButton>
                    <OrgPostButton action={`${base}/remove`} token={token} label={o("members.remove")} kind="danger" confirm={o("confirm.removeMember", who)} />
                    {props.services.length > 0 && (
                      <form method="post" action={`${base}/roles`} class="inline">
                        <OrgCsrf token={token} />
                        <select name="serviceId" aria-label={o("members.serviceRoles")}>
                          {props.services.map((s) => <option value={s.serviceId}>{s.name} ({s.serviceId})</option>)}
                        </select>
                        <select name="role" aria-label={o("members.roles")}>
                          <option value="service-admin">{o("role.service-admin")}</option>
                          <option value="agent">{o("role.agent")}</option>
                        </select>
                        <button type="submit" class="secondary" name="action" value="grant">{o("members.grantRole")}</button>
                        <button type="submit" class="secondary" name="action" value="revoke">{o("members.revokeRole")}</button>
                      </form>
                    )}
                    {props.errorMember === m.loginId && <OrgFormError o={o} errors={rowErrors} fields={[]} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </OrgLayout>
  );
}
