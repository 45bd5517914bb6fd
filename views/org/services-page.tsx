import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgFormError, OrgNotice, OrgPostButton, type OrgErrors } from "./org-fields.tsx";
import { orgText, won, type OrgKey } from "./text.ts";

/** One contracted service in the list (O1). */
export interface ServiceRow {
  serviceId: string;
  name: string;
  type: "contact-center" | "tickets";
  state: "pending" | "active" | "suspended";
  /** Undefined while the contract step is missing. */
  features?: string[];
  licences: number;
  number: string;
  monthly?: number;
  banner: boolean;
}

/** A terminated service, kept for its charges and call records. */
export interface TerminatedRow {
  serviceId: string;
  name: string;
  terminatedAt: number;
}

export interface ServicesProps {
  frame: OrgFrame;
  rows: ServiceRow[];
  terminated: TerminatedRow[];
  notice?: string;
  errors?: OrgErrors;
  /** The service the errors belong to. */
  errorService?: string;
}

/**
 * Contracted services (계약 현황, O1): add; per service its state, the register button while the
 * contract step is missing, edit, in use / suspended, and terminate (only when suspended).
 */
export function ServicesPage(props: ServicesProps) {
  const { frame } = props;
  const o = orgText(frame.lang);
  const token = frame.user.csrfToken;
  return (
    <OrgLayout frame={frame} area="services">
      {props.notice && <OrgNotice>{props.notice}</OrgNotice>}
      <p>
        <a href="/admin/org/services/new" class="button" role="button">{o("svc.add")}</a>
      </p>
      <p class="muted">{o("svc.contractOnce")} {o("svc.terminateHint")}</p>
      <div class="table-wrap" id="services">
        <table>
          <thead>
            <tr>
              <th></th>
              <th>{o("svc.serviceId")}</th>
              <th>{o("svc.name")}</th>
              <th>{o("svc.type")}</th>
              <th>{o("svc.state")}</th>
              <th>{o("svc.features")}</th>
              <th>{o("svc.licences")}</th>
              <th>{o("svc.cost")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={9}>{o("empty")}</td></tr>}
            {props.rows.map((r) => {
              const base = `/admin/org/services/${r.serviceId}`;
              const registered = r.features !== undefined;
              return (
                <tr id={`service-${r.serviceId}`}>
                  <td>{r.banner ? <img src={`${base}/banner`} alt="" width={32} height={32} /> : ""}</td>
                  <td data-label={o("svc.serviceId")} class="mono">{r.serviceId}</td>
                  <td data-label={o("svc.name")}>{r.name}</td>
                  <td data-label={o("svc.type")}>{o(`type.${r.type}`)}</td>
                  <td data-label={o("svc.state")}>{o(`state.${r.state}`)}</td>
                  <td data-label={o("svc.features")}>
                    {registered ? r.features!.map((f) => o(`feature.${f}` as OrgKey)).join(", ") : (
                      <a href={`${base}/contract`} class="button" role="button">{o("svc.register")}</a>
                    )}
                  </td>
                  <td data-label={o("svc.licences")} class="num">{r.licences}</td>
                  <td data-label={o("svc.cost")} class="num">{r.monthly === undefined ? "—" : won(o, frame.lang, r.monthly)}</td>
                  <td class="actions">
                    <a href={`${base}/edit`}>{o("svc.edit")}</a>{" "}
                    {registered && <a href={`${base}/contract`}>{o("svc.editContract")}</a>}{" "}
                    {registered && r.state === "active" && (
                      <OrgPostButton action={`${base}/state`} token={token} label={o("svc.suspend")} confirm={o("confirm.suspend", { name: r.name, serviceId: r.serviceId })}>
                        <input type="hidden" name="state" value="suspended" />
                      </OrgPostButton>
                    )}
                    {registered && r.state === "suspended" && (
                      <OrgPostButton action={`${base}/state`} token={token} label={o("svc.resume")}>
                        <input type="hidden" name="state" value="active" />
                      </OrgPostButton>
                    )}
                    <OrgPostButton action={`${base}/terminate`} token={token} label={o("svc.terminate")} kind="danger" disabled={r.state !== "suspended"} confirm={o("confirm.terminate", { name: r.name, serviceId: r.serviceId })} />
                    {r.state !== "pending" && <a href={`/admin/services/${r.serviceId}/info`}>{o("svc.settings")}</a>}
                    {props.errorService === r.serviceId && <OrgFormError o={o} errors={props.errors} fields={[]} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.terminated.length > 0 && (
        <section>
          <h2>{o("svc.terminated")}</h2>
          <ul id="terminated">
            {props.terminated.map((t) => (
              <li>
                <span class="mono">{t.serviceId}</span> · {t.name} · {o("svc.terminatedAt")} {new Date(t.terminatedAt).toISOString().slice(0, 10)} ·{" "}
                <a href={`/admin/org/services/${t.serviceId}/calls.csv`}>{o("svc.export")}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </OrgLayout>
  );
}
