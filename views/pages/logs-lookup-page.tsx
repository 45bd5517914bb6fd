import type { FilterField } from "../components/filter-form.tsx";
import { auditTargetText, changeLineText, systemWord } from "../components/system-words.ts";
import type { ListPage } from "../components/list-controls.tsx";
import { changeLines } from "../components/audit-change.ts";
import { LookupPage } from "../components/lookup-page.tsx";
import { duration, localTime, opsText } from "../components/ops-text.ts";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { settingsText, type SettingsKey } from "../settings/text.ts";

/** Props shared by the two log lookups. */
interface LogLookupProps<Row> {
  frame: ServiceFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: Row[];
}

/** Agent login history (상담사 로그인이력, H4) with filters, sort and pages in the URL. */
export function LoginLookupPage(
  props: LogLookupProps<{ at: number; loginId: string; kind: string; result: string; ip?: string; platform?: string; sessionMs?: number }>,
) {
  const { frame } = props;
  const st = settingsText(frame.lang);
  const columns = (["time", "loginId", "result", "ip", "platform", "length"] as const).map((k) => ({
    label: st(`log.${k}` as SettingsKey), col: k === "loginId" ? "login" : k,
  }));
  return (
    <LookupPage {...props} area="history/logins" title={opsText(frame.lang)("menu.logins")} tableId="logins" columns={columns} row={(r) => (
      <tr>
        <td data-label={st("log.time")}>{localTime(frame.lang, props.timeZone, r.at)}</td>
        <td data-label={st("log.loginId")}>{r.loginId}</td>
        <td data-label={st("log.result")} class={r.kind === "login" && r.result !== "success" ? "error" : ""}>{st(`login.${r.result}` as SettingsKey)}</td>
        <td data-label={st("log.ip")}>{r.ip ?? ""}</td>
        <td data-label={st("log.platform")} class="mono">{r.platform ?? ""}</td>
        <td data-label={st("log.length")}>{r.sessionMs === undefined ? "" : duration(r.sessionMs / 1000)}</td>
      </tr>
    )} />
  );
}

/** One audit entry as the page shows it. */
export interface AuditRowView {
  at: number;
  loginId: string;
  actorKind: string;
  action: string;
  target: string;
  ip?: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Audit log (작업이력, H5): who — a member, an API key, the command line, an agent or the appliance —
 * viewed, played, downloaded or changed what, when, from where, and for changes what before → after.
 * Read only: the page has no form that edits or removes an entry.
 */
export function AuditLookupPage(props: LogLookupProps<AuditRowView>) {
  const { frame } = props;
  const st = settingsText(frame.lang);
  const columns = (["time", "actor", "actorKind", "action", "target", "change", "ip"] as const).map((k) => ({
    label: st(`log.${k}` as SettingsKey), col: k === "actor" ? "login" : k === "actorKind" ? "kind" : k === "change" ? undefined : k,
  }));
  return (
    <LookupPage {...props} area="history/audit" title={opsText(frame.lang)("menu.audit")} tableId="audit" columns={columns} row={(r) => {
      const change = changeLines(r.before, r.after);
      return (
        <tr>
          <td data-label={st("log.time")}>{localTime(frame.lang, props.timeZone, r.at)}</td>
          <td data-label={st("log.actor")}>{r.actorKind === "member" || r.actorKind === "agent" ? r.loginId : systemWord(frame.lang, "actor", r.loginId)}</td>
          <td data-label={st("log.actorKind")} data-kind={r.actorKind}>{actorKindText(st, r.actorKind)}</td>
          <td data-label={st("log.action")} data-action={r.action}>{systemWord(frame.lang, "action", r.action)}</td>
          <td data-label={st("log.target")} class="mono" title={r.target}>{auditTargetText(frame.lang, r.target)}</td>
          <td data-label={st("log.change")} class="mono audit-change">{change.map((line, i) => (i === 0 ? changeLineText(frame.lang, line) : <><br />{changeLineText(frame.lang, line)}</>))}</td>
          <td data-label={st("log.ip")}>{r.ip ? systemWord(frame.lang, "actor", r.ip) : ""}</td>
        </tr>
      );
    }} />
  );
}

/** An actor kind in words; an unknown kind as it is. */
export function actorKindText(st: ReturnType<typeof settingsText>, kind: string): string {
  return AUDIT_ACTOR_KINDS.includes(kind as never) ? st(`log.kind.${kind}` as SettingsKey) : kind;
}

/** The actor kinds of the audit log, in the filter's order. */
export const AUDIT_ACTOR_KINDS = ["member", "api-key", "cli", "agent", "system"] as const;
