import { Csrf, PostButton, Field, Notice, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { AgentRolesSection, type AgentRolesProps } from "./agent-roles-section.tsx";
import { rolesText } from "./roles-text.ts";
import { settingsText, type SettingsKey } from "./text.ts";
import { PhoneSetup, type PhoneSetupInfo } from "../setup/phone-setup.tsx";
import { setupText, type SetupKey } from "../setup/setup-text.ts";

/** One agent row (never with a password). */
export interface AgentRow {
  loginId: string;
  name: string;
  extension: string;
  state: string;
  blocked: boolean;
  /** 상담그룹 (G5). */
  group?: string;
}

/** The list query kept in the URL: filter, sort, direction, page. */
export interface AgentQuery {
  q: string;
  /** Only agents of this group ("" = all). */
  group: string;
  sort: "loginId" | "name" | "extension" | "state" | "group";
  dir: "asc" | "desc";
  page: number;
}

export interface AgentsProps {
  frame: ServiceFrame;
  rows: AgentRow[];
  total: number;
  pages: number;
  query: AgentQuery;
  licences: number;
  count: number;
  values?: { loginId?: string; name?: string; group?: string };
  /** The groups in use (the group filter's choices). */
  groups: string[];
  /** The role form and the members holding roles here (G5, O6). */
  roles: AgentRolesProps;
  errors?: FieldErrors;
  /** A SIP password, and the console password, to show this once (after add or reset). */
  secret?: { loginId: string; extension: string; password: string; consolePassword?: string };
  /** What the new (or reset) agent's phone needs, shown with the secret (issue 9). */
  setup?: PhoneSetupInfo;
  /** A change that went through (block, group, delete …): its success message. */
  done?: { key: SetupKey; loginId: string };
}

const who = (a: AgentRow) => ({ name: a.name, loginId: a.loginId, extension: a.extension });

const qs = (q: AgentQuery, over: Partial<AgentQuery>) => {
  const x = { ...q, ...over };
  return `?q=${encodeURIComponent(x.q)}&group=${encodeURIComponent(x.group)}&sort=${x.sort}&dir=${x.dir}&page=${x.page}`;
};

/** The agents list and forms (G5). */
export function AgentsSection(props: AgentsProps) {
  const s = settingsText(props.frame.lang);
  const r = rolesText(props.frame.lang);
  const u = setupText(props.frame.lang);
  const { query: q, errors } = props;
  const base = `/admin/services/${props.frame.service.serviceId}/agents`;
  const token = props.frame.user.csrfToken;
  const sortLink = (col: AgentQuery["sort"], label: string) => (
    <a href={`${base}${qs(q, { sort: col, dir: q.sort === col && q.dir === "asc" ? "desc" : "asc", page: 1 })}`}>
      {label}
      {q.sort === col ? (q.dir === "asc" ? " ▲" : " ▼") : ""}
    </a>
  );
  return (
    <section id="area">
      {props.secret && (
        <Notice kind="secret">
          {s("agents.passwordOnce", { loginId: props.secret.loginId, extension: props.secret.extension })}{" "}
          <code class="once" data-testid="sip-password">{props.secret.password}</code>
          {props.secret.consolePassword && (
            <>
              <br />
              {s("agents.consolePasswordOnce", { loginId: props.secret.loginId })}{" "}
              <code class="once" data-testid="console-password">{props.secret.consolePassword}</code>
            </>
          )}
        </Notice>
      )}
      {props.setup && (
        <>
          <PhoneSetup lang={props.frame.lang} info={props.setup} sheetUrl={`${base}/${props.setup.loginId}/sheet`} />
          <p class="note">{u("phone.next")}</p>
        </>
      )}
      {props.done && <Notice>{u(props.done.key, { loginId: props.done.loginId })}</Notice>}
      <p class="muted">{s("agents.count", { count: props.count, licences: props.licences })} · {s("agents.deleteHint")}</p>
      <form method="post" action={base} class="card grid">
        <Csrf token={token} />
        <Field s={s} label={s("agents.loginId")} name="loginId" value={props.values?.loginId} errors={errors} required maxlength={64} hint={u("hint.loginId")} />
        <Field s={s} label={s("agents.name")} name="name" value={props.values?.name} errors={errors} required maxlength={50} hint={u("hint.name")} />
        <Field s={s} label={r("group")} name="group" value={props.values?.group} errors={errors} maxlength={40} />
        <Field s={s} label={s("agents.consolePassword")} name="password" type="password" errors={errors} maxlength={128} />
        <div>
          <button type="submit">{s("agents.add")}</button>
        </div>
      </form>
      <form method="get" action={base} class="toolbar">
        <input type="search" name="q" value={q.q} placeholder={s("agents.filter")} aria-label={s("agents.filter")} />
        <select name="group" aria-label={r("group.filter")}>
          <option value="">{r("group.all")}</option>
          {props.groups.map((g) => (
            <option value={g} selected={g === q.group}>{g}</option>
          ))}
        </select>
        <input type="hidden" name="sort" value={q.sort} />
        <input type="hidden" name="dir" value={q.dir} />
        <button type="submit">{s("search")}</button>
      </form>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{sortLink("loginId", s("agents.loginId"))}</th>
              <th>{sortLink("name", s("agents.name"))}</th>
              <th>{sortLink("extension", s("agents.extension"))}</th>
              <th>{sortLink("group", r("group"))}</th>
              <th>{sortLink("state", s("agents.state"))}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && (
              <tr>
                <td colspan={6}>{s("agents.empty")}</td>
              </tr>
            )}
            {props.rows.map((a) => (
              <tr>
                <td data-label={s("agents.loginId")}>{a.loginId}</td>
                <td data-label={s("agents.name")}>{a.name}</td>
                <td data-label={s("agents.extension")}>{a.extension}</td>
                <td data-label={r("group")}>
                  <form method="post" action={`${base}/${a.loginId}/group`} class="inline">
                    <Csrf token={token} />
                    <input name="group" value={a.group ?? ""} maxlength={40} size={10} aria-label={`${r("group")} ${a.loginId}`} />
                    <button type="submit" class="secondary">{r("group.save")}</button>
                  </form>
                </td>
                <td data-label={s("agents.state")}>
                  {a.blocked ? <strong class="error">{s("agents.blocked")}</strong> : s(`agent.${a.state}` as SettingsKey)}
                </td>
                <td>
                  <div class="actions">
                  <a class="button secondary" href={`${base}/${a.loginId}/sheet`}>{u("phone.settings")}</a>
                  <PostButton action={`${base}/${a.loginId}/block`} token={token} label={s(a.blocked ? "agents.unblock" : "agents.block")} kind="secondary"
                    confirm={a.blocked ? undefined : u("confirm.agentBlock", who(a))}>
                    <input type="hidden" name="blocked" value={a.blocked ? "0" : "1"} />
                  </PostButton>
                  <PostButton action={`${base}/${a.loginId}/reset`} token={token} label={s("agents.reset")} kind="secondary" confirm={u("confirm.agentReset", who(a))} />
                  <PostButton action={`${base}/${a.loginId}/delete`} token={token} label={s("remove")} confirm={u("confirm.agentDelete", who(a))} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.pages > 1 && (
        <nav class="pager">
          {q.page > 1 && <a href={`${base}${qs(q, { page: q.page - 1 })}`}>{s("prev")}</a>}
          <span>
            {q.page} / {props.pages}
          </span>
          {q.page < props.pages && <a href={`${base}${qs(q, { page: q.page + 1 })}`}>{s("next")}</a>}
        </nav>
      )}
      <AgentRolesSection {...props.roles} />
    </section>
  );
}

/** The agents page (G5). */
export function AgentsPage(props: AgentsProps) {
  return (
    <ServiceLayout {...props.frame} area="agents">
      <AgentsSection {...props} />
    </ServiceLayout>
  );
}
