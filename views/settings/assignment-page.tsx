import { Csrf, FieldError, Notice, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";
import { setupText } from "../setup/setup-text.ts";

export interface AssignmentProps {
  frame: ServiceFrame;
  queues: { queueId: string; name: string; digit: string; agents: string[] }[];
  agents: { loginId: string; name: string; extension: string }[];
  errors?: FieldErrors;
  saved?: boolean;
  /** Queues this assignment would leave without an agent: asked before saving (issue 9). */
  stranded?: string[];
}

/** Agents ↔ queues as a matrix of checkboxes, one form (G6). */
export function AssignmentSection(props: AssignmentProps) {
  const s = settingsText(props.frame.lang);
  const u = setupText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/assignment`;
  return (
    <section id="area">
      <p class="note" role="note">{s("assign.note")}</p>
      {props.saved && <Notice>{s("saved")}</Notice>}
      <FieldError s={s} errors={props.errors} name="_form" />
      {props.queues.length === 0 ? (
        <p>{s("assign.empty")}</p>
      ) : (
        <form method="post" action={base}>
          <Csrf token={props.frame.user.csrfToken} />
          {props.stranded && (
            <div class="notice warn" role="alert" data-testid="stranded">
              <strong>{u("assign.warnTitle")}</strong>
              <p>{u("assign.warn", { queues: props.stranded.join(", ") })}</p>
              <button type="submit" name="confirmEmpty" value="1" class="danger">{u("assign.saveAnyway")}</button>
            </div>
          )}
          <div class="table-wrap">
            <table class="matrix">
              <thead>
                <tr>
                  <th>{s("agents.name")}</th>
                  {props.queues.map((q) => (
                    <th>{s("assign.queue", { digit: q.digit, name: q.name })}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.agents.map((a) => (
                  <tr>
                    <td data-label={s("agents.name")}>
                      {a.name} <span class="muted">({a.loginId} · {a.extension})</span>
                    </td>
                    {props.queues.map((q) => (
                      <td data-label={s("assign.queue", { digit: q.digit, name: q.name })}>
                        <input
                          type="checkbox"
                          name={`queue.${q.queueId}`}
                          value={a.loginId}
                          checked={q.agents.includes(a.loginId)}
                          aria-label={`${a.name} → ${q.name}`}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit">{s("save")}</button>
        </form>
      )}
    </section>
  );
}

/** The assignment page (G6). */
export function AssignmentPage(props: AssignmentProps) {
  return (
    <ServiceLayout {...props.frame} area="assignment">
      <AssignmentSection {...props} />
    </ServiceLayout>
  );
}
