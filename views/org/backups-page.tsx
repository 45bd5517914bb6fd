import { localTime } from "../components/ops-text.ts";
import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgNotice, OrgPostButton } from "./org-fields.tsx";
import { backupText, sizeText } from "./backups-text.ts";

export interface BackupsProps {
  frame: OrgFrame;
  timeZone: string;
  schedule?: { hour?: number; keep: number; offBox?: string; running: boolean };
  files: { name: string; bytes: number; at: number }[];
  /** The outcome of the run just asked for (or the refusal). */
  result?: { ok: true; name: string; bytes: number; offBox: "uploaded" | "none" | { error: string } } | { ok: false; error: string } | { busy: true };
}

/** Backups (X5): the schedule, "back up now", the kept archives to download, and how to restore. */
export function BackupsPage(props: BackupsProps) {
  const { frame, schedule: s, result: r } = props;
  const b = backupText(frame.lang);
  return (
    <OrgLayout frame={frame} area="backups">
      {r && "busy" in r && <p class="error" role="alert">{b("busy")}</p>}
      {!s?.running && r && "ok" in r && !r.ok && <p class="error" role="alert" id="backup-failed">{b("failed", { error: r.error })}</p>}
      {!s?.running && r && "ok" in r && r.ok && (
        <OrgNotice>
          <span id="backup-done">{b("done", { name: r.name, size: sizeText(r.bytes) })}</span>{" "}
          {r.offBox === "uploaded" ? b("uploaded") : typeof r.offBox === "object" ? <span class="error">{b("uploadFailed", { error: r.offBox.error })}</span> : null}
        </OrgNotice>
      )}
      <p class="muted">{b("hint")}</p>
      <section class="card" id="backup-schedule">
        <p>{s?.hour !== undefined ? b("scheduleDaily", { hour: s.hour, keep: s.keep }) : b("scheduleOff", { keep: s?.keep ?? 0 })}</p>
        <p>{s?.offBox ? b("offBox", { target: s.offBox }) : b("offBoxNone")}</p>
        {s?.running ? (
          <p id="backup-running">
            {b("running")} <a href="/admin/org/backups?run=1">{b("refresh")}</a>
          </p>
        ) : (
          <OrgPostButton action="/admin/org/backups" token={frame.user.csrfToken} label={b("now")} />
        )}
      </section>
      <div class="table-wrap" id="backups">
        <table>
          <thead>
            <tr><th>{b("name")}</th><th>{b("at")}</th><th>{b("size")}</th><th></th></tr>
          </thead>
          <tbody>
            {props.files.length === 0 && <tr><td colspan={4}>{b("empty")}</td></tr>}
            {props.files.map((f) => (
              <tr>
                <td class="mono">{f.name}</td>
                <td>{localTime(frame.lang, props.timeZone, f.at)}</td>
                <td class="num">{sizeText(f.bytes)}</td>
                <td><a href={`/admin/org/backups/${f.name}`} download={f.name}>{b("download")}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{b("restoreTitle")}</h2>
      <p>{b("restore")}</p>
    </OrgLayout>
  );
}
