import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { settingsText, type SettingsKey } from "../settings/text.ts";
import { setupText } from "./setup-text.ts";

/** One service in the list an organization admin lands on (issue 9). */
export interface ServiceListRow {
  serviceId: string;
  name: string;
  number: string;
  state: string;
  /** Lines of the readiness checklist that are green, of all. */
  ready: { ok: number; all: number };
}

/** The services a member administers, with how ready each is; every name opens its monitoring page. */
export function ServicesListPage(props: { lang: Lang; t: Translate; user: { name: string; csrfToken: string }; rows: ServiceListRow[] }) {
  const u = setupText(props.lang);
  const s = settingsText(props.lang);
  return (
    <Page lang={props.lang} t={props.t} title={u("services.title")} user={props.user} path="/admin/services">
      <h1>{u("services.title")}</h1>
      {props.rows.length === 0 ? (
        <p class="empty">{u("services.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{u("services.name")}</th>
                <th>{u("services.number")}</th>
                <th>{u("services.state")}</th>
                <th>{u("services.ready")}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-service={r.serviceId}>
                  <td data-label={u("services.name")} class="wrap">
                    <a href={`/admin/services/${r.serviceId}/dashboard`}>{r.name}</a> <span class="muted">({r.serviceId})</span>
                  </td>
                  <td data-label={u("services.number")} class="mono">{r.number || "-"}</td>
                  <td data-label={u("services.state")}>{s(`state.${r.state}` as SettingsKey)}</td>
                  <td data-label={u("services.ready")} class={r.ready.ok === r.ready.all ? "ready-ok" : "ready-no"}>
                    {u("ready.count", { ok: r.ready.ok, all: r.ready.all })}
                  </td>
                  <td>
                    <div class="actions">
                      <a class="button secondary" href={`/admin/services/${r.serviceId}/dashboard`}>{u("services.monitor")}</a>
                      <a class="button secondary" href={`/admin/services/${r.serviceId}/info`}>{u("services.settings")}</a>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
