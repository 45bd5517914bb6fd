import type { Lang } from "../messages.ts";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText, type SettingsKey } from "./text.ts";

/** A login history row (H4). */
export interface LoginRow {
  at: number;
  loginId: string;
  kind: "login" | "logout";
  result: string;
  ip?: string;
  platform?: string;
  sessionMs?: number;
}

/** An audit log row (H5). */
export interface AuditRow {
  at: number;
  loginId: string;
  action: string;
  target: string;
  ip?: string;
}

/** A time in the service's time zone. */
export function formatTime(lang: Lang, timezone: string, at: number): string {
  return new Intl.DateTimeFormat(lang === "ko" ? "ko-KR" : "en-GB", { dateStyle: "short", timeStyle: "medium", timeZone: timezone }).format(at);
}

const length = (ms?: number) => {
  if (ms === undefined) return "";
  const m = Math.floor(ms / 60_000);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
};

function LoginTable(props: { lang: Lang; timezone: string; rows: LoginRow[] }) {
  const s = settingsText(props.lang);
  const cols: SettingsKey[] = ["log.time", "log.loginId", "log.result", "log.ip", "log.platform", "log.length"];
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>{cols.map((k) => <th>{s(k)}</th>)}</tr>
        </thead>
        <tbody>
          {props.rows.length === 0 && (
            <tr>
              <td colspan={6}>{s("log.empty")}</td>
            </tr>
          )}
          {props.rows.map((r) => (
            <tr>
              <td data-label={s("log.time")}>{formatTime(props.lang, props.timezone, r.at)}</td>
              <td data-label={s("log.loginId")}>{r.loginId}</td>
              <td data-label={s("log.result")} class={r.kind === "login" && r.result !== "success" ? "error" : ""}>
                {s(`login.${r.result}` as SettingsKey)}
              </td>
              <td data-label={s("log.ip")}>{r.ip ?? ""}</td>
              <td data-label={s("log.platform")} class="mono">{r.platform ?? ""}</td>
              <td data-label={s("log.length")}>{length(r.sessionMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface LoginHistoryProps {
  frame: ServiceFrame;
  timezone: string;
  /** The service's agents' sign-ins (agent console). */
  rows: LoginRow[];
  /** Admin page sign-ins, shown to organization admins only. */
  adminRows?: LoginRow[];
}

/** The login history page (H4). */
export function LoginHistoryPage(props: LoginHistoryProps) {
  const { lang } = props.frame;
  return (
    <ServiceLayout {...props.frame} area="login-history">
      <section id="area">
        <LoginTable lang={lang} timezone={props.timezone} rows={props.rows} />
        {props.adminRows && (
          <>
            <h2>ADMIN</h2>
            <LoginTable lang={lang} timezone={props.timezone} rows={props.adminRows} />
          </>
        )}
      </section>
    </ServiceLayout>
  );
}

export interface AuditProps {
  frame: ServiceFrame;
  timezone: string;
  rows: AuditRow[];
}

/** The audit log page (H5). */
export function AuditPage(props: AuditProps) {
  const s = settingsText(props.frame.lang);
  const cols: SettingsKey[] = ["log.time", "log.loginId", "log.action", "log.target", "log.ip"];
  return (
    <ServiceLayout {...props.frame} area="audit">
      <section id="area" class="table-wrap">
        <table>
          <thead>
            <tr>{cols.map((k) => <th>{s(k)}</th>)}</tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && (
              <tr>
                <td colspan={5}>{s("log.empty")}</td>
              </tr>
            )}
            {props.rows.map((r) => (
              <tr>
                <td data-label={s("log.time")}>{formatTime(props.frame.lang, props.timezone, r.at)}</td>
                <td data-label={s("log.loginId")}>{r.loginId}</td>
                <td data-label={s("log.action")}>{r.action}</td>
                <td data-label={s("log.target")} class="mono">{r.target}</td>
                <td data-label={s("log.ip")}>{r.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </ServiceLayout>
  );
}
