import type { Translate } from "../messages.ts";

/** One live registration as the Phones page shows it. */
export interface PhoneRow {
  extension: string;
  agentName?: string;
  contact: string;
  /** "udp 192.0.2.10:5060" */
  source: string;
  userAgent?: string;
  expiresInSeconds: number;
}

/** The live registrations table; re-fetched by htmx every 2 s (hx-get on itself, outerHTML swap). */
export function PhonesTable(props: { t: Translate; rows: PhoneRow[]; refreshUrl: string }) {
  const { t, rows } = props;
  return (
    <section id="phones" hx-get={props.refreshUrl} hx-trigger="every 2s" hx-swap="outerHTML">
      <p class="muted">{t("phones.count", { count: rows.length })}</p>
      {rows.length === 0 ? (
        <p class="empty">{t("phones.empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("phones.extension")}</th>
                <th>{t("phones.agent")}</th>
                <th>{t("phones.contact")}</th>
                <th>{t("phones.source")}</th>
                <th>{t("phones.userAgent")}</th>
                <th>{t("phones.expiresIn")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td data-label={t("phones.extension")}>{r.extension}</td>
                  <td data-label={t("phones.agent")}>{r.agentName ?? "-"}</td>
                  <td data-label={t("phones.contact")} class="mono">
                    {r.contact}
                  </td>
                  <td data-label={t("phones.source")} class="mono">
                    {r.source}
                  </td>
                  <td data-label={t("phones.userAgent")}>{r.userAgent ?? "-"}</td>
                  <td data-label={t("phones.expiresIn")}>{t("seconds", { n: r.expiresInSeconds })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
