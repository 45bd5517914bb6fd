import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { localTime, opsText } from "../components/ops-text.ts";
import { roleName, rolesText } from "./roles-text.ts";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";

/** One row of the permission change log. */
export interface PermissionRow {
  at: number;
  action: "grant" | "revoke";
  role: "service-admin" | "agent";
  memberLoginId: string;
  memberName: string;
  actorLoginId: string;
  ip?: string;
  serviceId: string;
}

/** Props of {@link PermissionsPage}. */
export interface PermissionsProps {
  frame: ServiceFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: PermissionRow[];
}

/**
 * The permission change log (권한 변경 로그, O6): time, action, name, IP, service and ID of every
 * grant and revoke, searchable by name or ID and date, with sort and page in the URL.
 */
export function PermissionsPage(props: PermissionsProps) {
  const { frame, list } = props;
  const r = rolesText(frame.lang);
  const o = opsText(frame.lang);
  const path = `/admin/services/${frame.service.serviceId}/permissions`;
  const cols = [
    ["time", r("perm.time")], ["action", r("perm.action")], ["name", r("perm.name")], ["loginId", r("perm.loginId")],
    ["actor", r("perm.actor")], ["ip", r("perm.ip")], ["service", r("perm.service")],
  ] as const;
  return (
    <ServiceLayout {...frame} area="permissions">
      <section id="area">
        <FilterForm action={path} fields={props.filters} list={list} submit={o("l.search")} />
        <div class="table-wrap" id="permissions">
          <table>
            <thead>
              <tr>{cols.map(([col, label]) => (col === "service" ? <th>{label}</th> : <SortHeader path={path} list={list} col={col} label={label} />))}</tr>
            </thead>
            <tbody>
              {props.rows.length === 0 && <tr><td colspan={cols.length}>{o("l.empty")}</td></tr>}
              {props.rows.map((e) => (
                <tr>
                  <td data-label={r("perm.time")}>{localTime(frame.lang, props.timeZone, e.at)}</td>
                  <td data-label={r("perm.action")} class={e.action === "revoke" ? "error" : ""}>
                    {r(e.action === "grant" ? "perm.grant" : "perm.revoke", { role: roleName(r, e.role) })}
                  </td>
                  <td data-label={r("perm.name")}>{e.memberName}</td>
                  <td data-label={r("perm.loginId")}>{e.memberLoginId}</td>
                  <td data-label={r("perm.actor")}>{e.actorLoginId}</td>
                  <td data-label={r("perm.ip")}>{e.ip ?? ""}</td>
                  <td data-label={r("perm.service")}>{e.serviceId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager path={path} list={list} s={o} />
      </section>
    </ServiceLayout>
  );
}
