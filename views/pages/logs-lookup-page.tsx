import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { OpsLayout } from "../components/ops-layout.tsx";
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
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const st = settingsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/logins`;
  const H = (col: string, key: SettingsKey) => <SortHeader path={path} list={list} col={col} label={st(key)} />;
  return (
    <OpsLayout frame={frame} area="history/logins" title={s("menu.logins")}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      <div class="table-wrap" id="logins">
        <table>
          <thead>
            <tr>{H("time", "log.time")}{H("login", "log.loginId")}{H("result", "log.result")}{H("ip", "log.ip")}{H("platform", "log.platform")}{H("length", "log.length")}</tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={6}>{s("l.empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr>
                <td data-label={st("log.time")}>{localTime(frame.lang, props.timeZone, r.at)}</td>
                <td data-label={st("log.loginId")}>{r.loginId}</td>
                <td data-label={st("log.result")} class={r.kind === "login" && r.result !== "success" ? "error" : ""}>{st(`login.${r.result}` as SettingsKey)}</td>
                <td data-label={st("log.ip")}>{r.ip ?? ""}</td>
                <td data-label={st("log.platform")} class="mono">{r.platform ?? ""}</td>
                <td data-label={st("log.length")}>{r.sessionMs === undefined ? "" : duration(r.sessionMs / 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}

/** Audit log (작업이력, H5): who viewed, played or downloaded what, when, from where. */
export function AuditLookupPage(props: LogLookupProps<{ at: number; loginId: string; action: string; target: string; ip?: string }>) {
  const { frame, list } = props;
  const s = opsText(frame.lang);
  const st = settingsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/history/audit`;
  const H = (col: string, key: SettingsKey) => <SortHeader path={path} list={list} col={col} label={st(key)} />;
  return (
    <OpsLayout frame={frame} area="history/audit" title={s("menu.audit")}>
      <FilterForm action={path} fields={props.filters} list={list} submit={s("l.search")} />
      <div class="table-wrap" id="audit">
        <table>
          <thead>
            <tr>{H("time", "log.time")}{H("login", "log.loginId")}{H("action", "log.action")}{H("target", "log.target")}{H("ip", "log.ip")}</tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={5}>{s("l.empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr>
                <td data-label={st("log.time")}>{localTime(frame.lang, props.timeZone, r.at)}</td>
                <td data-label={st("log.loginId")}>{r.loginId}</td>
                <td data-label={st("log.action")}>{r.action}</td>
                <td data-label={st("log.target")} class="mono">{r.target}</td>
                <td data-label={st("log.ip")}>{r.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={s} />
    </OpsLayout>
  );
}
