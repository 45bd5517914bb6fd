import { FilterForm, type FilterField } from "../components/filter-form.tsx";
import { Pager, SortHeader, type ListPage } from "../components/list-controls.tsx";
import { localTime, opsText } from "../components/ops-text.ts";
import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { orgText } from "./text.ts";

/** One row of the organization-wide permission change log. */
export interface OrgPermissionRow {
  at: number;
  action: "grant" | "revoke";
  role: "service-admin" | "agent" | "org-admin";
  memberLoginId: string;
  memberName: string;
  actorLoginId: string;
  ip?: string;
  /** "" for the organization's own role. */
  serviceId: string;
}

export interface OrgPermissionsProps {
  frame: OrgFrame;
  timeZone: string;
  filters: FilterField[];
  list: ListPage;
  rows: OrgPermissionRow[];
}

/**
 * The permission change log of the whole organization (권한 변경 로그, O6): time, action, name,
 * IP, service and ID of every grant and revoke; searchable by part of any of them and by date.
 */
export function OrgPermissionsPage(props: OrgPermissionsProps) {
  const { frame, list } = props;
  const o = orgText(frame.lang);
  const ops = opsText(frame.lang);
  const path = "/admin/org/permissions";
  const cols = [
    ["time", o("perm.time")], ["action", o("perm.action")], ["name", o("perm.name")], ["ip", o("perm.ip")],
    ["service", o("perm.service")], ["loginId", o("perm.loginId")], ["actor", o("perm.actor")],
  ] as const;
  return (
    <OrgLayout frame={frame} area="permissions">
      <FilterForm action={path} fields={props.filters} list={list} submit={o("search")} />
      <div class="table-wrap" id="permissions">
        <table>
          <thead>
            <tr>{cols.map(([col, label]) => <SortHeader path={path} list={list} col={col} label={label} />)}</tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={cols.length}>{o("empty")}</td></tr>}
            {props.rows.map((e) => (
              <tr>
                <td data-label={o("perm.time")}>{localTime(frame.lang, props.timeZone, e.at)}</td>
                <td data-label={o("perm.action")} class={e.action === "revoke" ? "error" : ""}>
                  {o(e.action === "grant" ? "perm.grant" : "perm.revoke", { role: o(`role.${e.role}`) })}
                </td>
                <td data-label={o("perm.name")}>{e.memberName}</td>
                <td data-label={o("perm.ip")}>{e.ip ?? ""}</td>
                <td data-label={o("perm.service")}>{e.serviceId || o("perm.org")}</td>
                <td data-label={o("perm.loginId")} class="mono">{e.memberLoginId}</td>
                <td data-label={o("perm.actor")} class="mono">{e.actorLoginId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path={path} list={list} s={ops} />
    </OrgLayout>
  );
}
