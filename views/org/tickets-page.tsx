import { localTime } from "../components/ops-text.ts";
import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFormError, OrgNotice, type OrgErrors } from "./org-fields.tsx";
import { ServicePicker } from "./service-picker.tsx";
import { orgText, type OrgKey } from "./text.ts";

export interface TicketRow {
  id: number;
  title: string;
  notes: string;
  state: "unassigned" | "in-progress" | "resolved" | "completed";
  assignee?: string;
  callId?: string;
  createdAt: number;
}

export interface TicketsProps {
  frame: OrgFrame;
  services: { serviceId: string; name: string }[];
  serviceId?: string;
  timeZone: string;
  rows: TicketRow[];
  /** Today's calls with notes that have no ticket yet. */
  calls: { callId: string; from: string; notes: string; startedAt: number }[];
  /** Members who take assignments. */
  assignees: string[];
  errors?: OrgErrors;
  saved?: boolean;
}

const STATES = ["unassigned", "in-progress", "resolved", "completed"] as const;

/** Tickets (이슈 관리, O9): open one from a call's notes or by hand; state and assignment. */
export function TicketsPage(props: TicketsProps) {
  const { frame } = props;
  const o = orgText(frame.lang);
  const token = frame.user.csrfToken;
  const base = `/admin/org/tickets`;
  const q = `?serviceId=${props.serviceId ?? ""}`;
  return (
    <OrgLayout frame={frame} area="tickets">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      <ServicePicker o={o} action={base} services={props.services} current={props.serviceId} />
      {props.serviceId && (
        <>
          <OrgFormError o={o} errors={props.errors} fields={["title", "notes"]} />
          <section class="card">
            <form method="post" action={`${base}${q}`} class="grid" id="ticket-form">
              <OrgCsrf token={token} />
              <OrgField o={o} label={o("ticket.title")} name="title" errors={props.errors} maxlength={200} />
              <OrgField o={o} label={o("ticket.notes")} name="notes" errors={props.errors} maxlength={4000} />
              <div><button type="submit">{o("ticket.open")}</button></div>
            </form>
          </section>
          {props.calls.length > 0 && (
            <section>
              <h2>{o("ticket.fromCalls")}</h2>
              <ul id="ticket-calls">
                {props.calls.map((c) => (
                  <li>
                    {localTime(frame.lang, props.timeZone, c.startedAt)} · {c.from} · {c.notes}{" "}
                    <form method="post" action={`${base}${q}`} class="inline">
                      <OrgCsrf token={token} />
                      <input type="hidden" name="callId" value={c.callId} />
                      <button type="submit" class="secondary">{o("ticket.open")}</button>
                    </form>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <div class="table-wrap" id="tickets">
            <table>
              <thead>
                <tr><th>#</th><th>{o("ticket.title")}</th><th>{o("ticket.notes")}</th><th>{o("ticket.state")}</th><th>{o("ticket.assignee")}</th><th></th></tr>
              </thead>
              <tbody>
                {props.rows.length === 0 && <tr><td colspan={6}>{o("empty")}</td></tr>}
                {props.rows.map((t) => (
                  <tr id={`ticket-${t.id}`}>
                    <td>{t.id}</td>
                    <td>{t.title}</td>
                    <td>{t.notes}</td>
                    <td>{o(`ticket.${t.state}` as OrgKey)}</td>
                    <td class="mono">{t.assignee ?? "—"}</td>
                    <td>
                      <form method="post" action={`${base}/${t.id}${q}`} class="inline">
                        <OrgCsrf token={token} />
                        <select name="state" aria-label={o("ticket.state")}>
                          {STATES.map((s) => <option value={s} selected={s === t.state}>{o(`ticket.${s}` as OrgKey)}</option>)}
                        </select>
                        <select name="assignee" aria-label={o("ticket.assignee")}>
                          <option value="">—</option>
                          {props.assignees.map((a) => <option value={a} selected={a === t.assignee}>{a}</option>)}
                        </select>
                        <button type="submit" class="secondary">{o("save")}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </OrgLayout>
  );
}
