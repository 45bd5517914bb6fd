import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFormError, OrgNotice, OrgPostButton, type OrgErrors } from "./org-fields.tsx";
import { ServicePicker } from "./service-picker.tsx";
import { orgText } from "./text.ts";

export interface CtiAgentRow {
  loginId: string;
  name: string;
  email?: string;
  ctiId?: string;
  ctiNumber?: string;
  /** Services where the member is an agent. */
  services: string[];
}

export interface CtiProps {
  frame: OrgFrame;
  /** Services with phone/CTI on. */
  services: { serviceId: string; name: string }[];
  serviceId?: string;
  settings?: { tenantId: string; tenantName: string; logMonitoring: boolean };
  today: string;
  q: string;
  rows: CtiAgentRow[];
  errors?: OrgErrors;
  errorMember?: string;
  saved?: boolean;
}

/**
 * CTI management (CTI 관리, O5), for services with phone/CTI on: CTI settings (tenant, daily CTI log
 * with Excel download) and the member ↔ CTI ID / CTI number mapping, searchable.
 */
export function CtiPage(props: CtiProps) {
  const { frame, settings: st } = props;
  const o = orgText(frame.lang);
  const token = frame.user.csrfToken;
  const q = `?serviceId=${props.serviceId ?? ""}`;
  const formErrors = props.errorMember ? undefined : props.errors;
  return (
    <OrgLayout frame={frame} area="cti">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      {props.services.length === 0 ? <p>{o("cti.none")}</p> : <ServicePicker o={o} action="/admin/org/cti" services={props.services} current={props.serviceId} />}
      {st && (
        <section class="card">
          <h2>{o("cti.settings")}</h2>
          <form method="post" action={`/admin/org/cti/settings${q}`} class="grid" id="cti-settings">
            <OrgCsrf token={token} />
            <OrgFormError o={o} errors={formErrors} fields={["tenantId", "tenantName"]} />
            <OrgField o={o} label={o("cti.tenantId")} name="tenantId" value={st.tenantId} errors={formErrors} maxlength={64} />
            <OrgField o={o} label={o("cti.tenantName")} name="tenantName" value={st.tenantName} errors={formErrors} maxlength={100} />
            <label><input type="checkbox" name="logMonitoring" value="1" checked={st.logMonitoring} /> {o("cti.logMonitoring")}</label>
            <div><button type="submit">{o("save")}</button></div>
          </form>
          {st.logMonitoring && (
            <form method="get" action="/admin/org/cti/log.xlsx" class="inline" id="cti-log">
              <input type="hidden" name="serviceId" value={props.serviceId} />
              <label>{o("cti.day")} <input type="date" name="day" value={props.today} /></label>{" "}
              <button type="submit" class="secondary">{o("cti.download")}</button>
            </form>
          )}
        </section>
      )}
      <h2>{o("cti.agents")}</h2>
      <p class="muted" id="cti-sign-in-rule">{o("cti.signInRule")}</p>
      <form method="get" action="/admin/org/cti" class="filters">
        <input type="hidden" name="serviceId" value={props.serviceId ?? ""} />
        <label>{o("members.q")} <input type="search" name="q" value={props.q} /></label>
        <button type="submit">{o("search")}</button>
      </form>
      <div class="table-wrap" id="cti-agents">
        <table>
          <thead>
            <tr><th>{o("members.loginId")}</th><th>{o("members.name")}</th><th>{o("members.email")}</th><th>{o("cti.ctiId")}</th><th>{o("cti.ctiNumber")}</th><th>{o("perm.service")}</th><th></th></tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={7}>{o("empty")}</td></tr>}
            {props.rows.map((r) => {
              const errs = props.errorMember === r.loginId ? props.errors : undefined;
              return (
                <tr id={`cti-${r.loginId}`}>
                  <td class="mono">{r.loginId}</td>
                  <td>{r.name}</td>
                  <td>{r.email ?? ""}</td>
                  <td class="mono">{r.ctiId ?? "—"}</td>
                  <td class="mono">{r.ctiNumber ?? "—"}</td>
                  <td>{r.services.join(", ")}</td>
                  <td>
                    <form method="post" action={`/admin/org/cti/map/${encodeURIComponent(r.loginId)}${q}`} class="inline">
                      <OrgCsrf token={token} />
                      <input name="ctiId" value={r.ctiId ?? ""} size={10} aria-label={o("cti.ctiId")} />
                      <input name="ctiNumber" value={r.ctiNumber ?? ""} size={6} aria-label={o("cti.ctiNumber")} />
                      <button type="submit" class="secondary">{o("save")}</button>
                    </form>
                    {r.ctiId && <OrgPostButton action={`/admin/org/cti/unmap/${encodeURIComponent(r.loginId)}${q}`} token={token} label={o("cti.unmap")} kind="danger" confirm={o("confirm.unmap", { name: r.name, loginId: r.loginId })} />}
                    <OrgFormError o={o} errors={errs} fields={[]} />
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
