import { localTime } from "../components/ops-text.ts";
import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFieldError, OrgFormError, OrgNotice, OrgPostButton, type OrgErrors } from "./org-fields.tsx";
import { orgText, type OrgKey } from "./text.ts";

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  serviceId?: string;
}

export interface DeliveryRow {
  id: number;
  webhookId: string;
  event: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  createdAt: number;
}

export interface WebhooksProps {
  frame: OrgFrame;
  timeZone: string;
  events: readonly string[];
  services: { serviceId: string; name: string }[];
  hooks: WebhookRow[];
  deliveries: DeliveryRow[];
  values: { url: string; events: string[]; serviceId: string };
  errors?: OrgErrors;
  /** A just-added webhook's secret, shown once. */
  created?: { id: string; secret: string };
  saved?: boolean;
}

/** Webhooks (X3): add (the signing secret is shown once), remove, and the delivery log. */
export function WebhooksPage(props: WebhooksProps) {
  const { frame, values: v, errors } = props;
  const o = orgText(frame.lang);
  const token = frame.user.csrfToken;
  return (
    <OrgLayout frame={frame} area="webhooks">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      {props.created && (
        <OrgNotice kind="secret">
          {o("hooks.secret", { id: props.created.id })} <code class="once" id="webhook-secret">{props.created.secret}</code>
        </OrgNotice>
      )}
      <p class="muted">{o("hooks.hint")}</p>
      <section class="card">
        <form method="post" action="/admin/org/webhooks" class="grid" id="webhook-form">
          <OrgCsrf token={token} />
          <OrgFormError o={o} errors={errors} fields={["url", "events", "serviceId"]} />
          <OrgField o={o} label={o("hooks.url")} name="url" value={v.url} errors={errors} type="url" required maxlength={2000} />
          <fieldset>
            <legend>{o("hooks.events")}</legend>
            {props.events.map((e) => (
              <label>
                <input type="checkbox" name="events" value={e} checked={v.events.includes(e)} /> <span class="mono">{e}</span>
              </label>
            ))}
            <OrgFieldError o={o} errors={errors} name="events" />
          </fieldset>
          <label>
            {o("hooks.service")}
            <select name="serviceId">
              <option value="">—</option>
              {props.services.map((s) => <option value={s.serviceId} selected={s.serviceId === v.serviceId}>{s.name} ({s.serviceId})</option>)}
            </select>
            <OrgFieldError o={o} errors={errors} name="serviceId" />
          </label>
          <div>
            <button type="submit">{o("hooks.add")}</button>
          </div>
        </form>
      </section>
      <div class="table-wrap" id="webhooks">
        <table>
          <thead>
            <tr><th>ID</th><th>{o("hooks.url")}</th><th>{o("hooks.events")}</th><th>{o("perm.service")}</th><th></th></tr>
          </thead>
          <tbody>
            {props.hooks.length === 0 && <tr><td colspan={5}>{o("empty")}</td></tr>}
            {props.hooks.map((h) => (
              <tr>
                <td class="mono">{h.id}</td>
                <td class="mono">{h.url}</td>
                <td>{h.events.join(", ")}</td>
                <td>{h.serviceId ?? "—"}</td>
                <td><OrgPostButton action={`/admin/org/webhooks/${h.id}/remove`} token={token} label={o("hooks.remove")} kind="danger" confirm={o("confirm.removeHook", { url: h.url })} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{o("hooks.deliveries")}</h2>
      <div class="table-wrap" id="deliveries">
        <table>
          <thead>
            <tr><th>{o("hooks.at")}</th><th>ID</th><th>{o("hooks.event")}</th><th>{o("hooks.state")}</th><th>{o("hooks.attempts")}</th><th>{o("hooks.lastStatus")}</th></tr>
          </thead>
          <tbody>
            {props.deliveries.length === 0 && <tr><td colspan={6}>{o("empty")}</td></tr>}
            {props.deliveries.map((d) => (
              <tr class={`delivery-${d.state}`}>
                <td>{localTime(frame.lang, props.timeZone, d.createdAt)}</td>
                <td class="mono">{d.webhookId}</td>
                <td class="mono">{d.event}</td>
                <td class={d.state === "failed" ? "error" : ""}>{o(`delivery.${d.state}` as OrgKey)}</td>
                <td class="num">{d.attempts}</td>
                <td>{d.lastStatus ?? ""} {d.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OrgLayout>
  );
}
