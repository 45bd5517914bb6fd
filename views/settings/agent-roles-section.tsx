import type { Lang } from "../messages.ts";
import { Csrf, Notice } from "./fields.tsx";
import { rolesText, type RolesKey } from "./roles-text.ts";

/** A member and the roles they hold in this service. */
export interface RoleHolder {
  loginId: string;
  name: string;
  serviceAdmin: boolean;
  agent: boolean;
}

/** Props of {@link AgentRolesSection}. */
export interface AgentRolesProps {
  lang: Lang;
  serviceId: string;
  csrfToken: string;
  /** The organization's members (the login ID picker). */
  members: { loginId: string; name: string }[];
  /** Members holding a role in this service. */
  holders: RoleHolder[];
  values?: { loginId?: string; serviceAdmin?: boolean; agent?: boolean };
  /** Field → error key (`required`, `noMember`, `selfRevoke`, `licenceFull` …). */
  errors?: Record<string, string>;
  /** The outcome of the last change. */
  done?: { loginId: string; changed: boolean };
}

/**
 * Grant or revoke an existing member's service-admin and agent roles in this service (G5); the
 * checkboxes say which roles the member should hold afterwards. Every change is logged (O6).
 */
export function AgentRolesSection(props: AgentRolesProps) {
  const r = rolesText(props.lang);
  const base = `/admin/services/${props.serviceId}`;
  const err = (name: string) => {
    const key = props.errors?.[name];
    if (!key) return null;
    const known = `err.${key}` as RolesKey;
    return <span class="error" id={`role-${name}-error`} role="alert">{r(known)}</span>;
  };
  const v = props.values ?? {};
  return (
    <section id="roles" class="card">
      <h2>{r("roles.title")}</h2>
      <p class="muted">
        {r("roles.hint")} <a href={`${base}/permissions`}>{r("roles.log")}</a>
      </p>
      {props.done && <Notice kind="ok">{r(props.done.changed ? "roles.done" : "roles.unchanged", { loginId: props.done.loginId })}</Notice>}
      <form method="post" action={`${base}/agents/roles`} class="grid">
        <Csrf token={props.csrfToken} />
        <label>
          {r("roles.member")}
          <input name="loginId" list="org-members" value={v.loginId ?? ""} required maxlength={64} aria-invalid={props.errors?.loginId ? "true" : undefined} />
          {err("loginId")}
        </label>
        <datalist id="org-members">
          {props.members.map((m) => (
            <option value={m.loginId}>{m.name}</option>
          ))}
        </datalist>
        <label>
          <input type="checkbox" name="serviceAdmin" value="1" checked={v.serviceAdmin} /> {r("roles.serviceAdmin")}
          {err("serviceAdmin")}
        </label>
        <label>
          <input type="checkbox" name="agent" value="1" checked={v.agent} /> {r("roles.agent")}
          {err("agent")}
        </label>
        <div>
          <button type="submit">{r("roles.apply")}</button>
        </div>
      </form>
      <h3>{r("roles.holders")}</h3>
      <div class="table-wrap" id="role-holders">
        <table>
          <thead>
            <tr>
              <th>{r("perm.loginId")}</th>
              <th>{r("perm.name")}</th>
              <th>{r("roles.serviceAdmin")}</th>
              <th>{r("roles.agent")}</th>
            </tr>
          </thead>
          <tbody>
            {props.holders.length === 0 && (
              <tr>
                <td colspan={4}>{r("roles.none")}</td>
              </tr>
            )}
            {props.holders.map((h) => (
              <tr>
                <td data-label={r("perm.loginId")}>{h.loginId}</td>
                <td data-label={r("perm.name")}>{h.name}</td>
                <td data-label={r("roles.serviceAdmin")}>{h.serviceAdmin ? "✓" : ""}</td>
                <td data-label={r("roles.agent")}>{h.agent ? "✓" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
