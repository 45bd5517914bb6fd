import { Hono } from "hono";
import type { Context } from "hono";
import { CallDetailPage, localTime, opsText } from "../../../views/index.ts";
import { trailWords } from "../../cc/index.ts";
import type { CallRecord } from "../../store/index.ts";
import { parseRange, recordingFile } from "../api/recording.ts";
import type { WebDeps } from "../deps.ts";
import { attachment, toXlsx, XLSX_TYPE, zipFiles } from "../export/index.ts";
import { audit } from "./audit.ts";
import { namesOf } from "./ops-common.tsx";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** The MP3 encoder main.ts may pass in WebDeps (media's `wavToMp3`; web may not import media). */
type WithMp3 = WebDeps & { wavToMp3?: (wavPath: string) => Uint8Array };

/** The most calls one selection download takes. */
export const MAX_SELECTION = 500;

/**
 * A call's detail (H1), its recording as seekable WAV (Range → 206) and as MP3 download, and the
 * selected consultations as Excel (이력다운) or a zip of MP3s (녹취다운). Audited (H5): views,
 * downloads, exports, and each press of play as the page reports it — never the WAV's byte requests.
 */
export function recordingRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const encode = (deps as WithMp3).wavToMp3;
  /** The call when it belongs to this service (else undefined: other services stay invisible). */
  const callOf = (c: Context<ServiceEnv>, id: string | undefined) => {
    const call = id ? deps.cc!.call(id) : undefined;
    return call && call.serviceId === c.get("service").serviceId ? call : undefined;
  };
  const base = (c: Context<ServiceEnv>) => `/admin/services/${c.get("service").serviceId}/history/calls`;

  app.get("/calls/:callId", (c) => {
    const call = callOf(c, c.req.param("callId"));
    if (!call) return c.text("Not found", 404);
    const svc = c.get("service");
    audit(c, "view", `calls/${call.callId}`);
    c.header("Cache-Control", "no-store");
    const url = `${base(c)}/${encodeURIComponent(call.callId)}`;
    const types = namesOf(deps, svc.serviceId).types;
    const frame = frameOf(c, deps);
    const queues = new Map(deps.repos.queues.list(svc.serviceId).map((q) => [q.queueId, q.name]));
    const trail = trailWords(deps.cc!.callTrail(call.callId), frame.lang === "ko" ? "ko" : "en", svc.timezone, (id) => queues.get(id) ?? id);
    return c.html(
      <CallDetailPage
        frame={frame}
        timeZone={svc.timezone}
        call={call}
        trail={trail}
        legs={call.legs}
        events={call.events}
        typeName={call.type === null ? null : (types[call.type] ?? call.type)}
        recording={recordingFile(deps, call) ? { wav: `${url}/recording`, mp3: `${url}/recording.mp3`, played: `${url}/recording/played` } : undefined}
      />,
    );
  });

  app.get("/calls/:callId/recording", (c) => {
    const call = callOf(c, c.req.param("callId"));
    const wav = call && recordingFile(deps, call);
    if (!call || !wav) return c.text("Not found", 404);
    const file = Bun.file(wav);
    const size = file.size;
    // Serving bytes records nothing: a player fetches metadata and ranges without anyone pressing
    // play. The page's script reports each press to `POST …/recording/played` (H5).
    const range = parseRange(c.req.header("Range"), size);
    const headers: Record<string, string> = {
      "Content-Type": "audio/wav", "Accept-Ranges": "bytes", "Cache-Control": "private, no-store",
      "Content-Disposition": `inline; filename="${call.callId}.wav"`,
    };
    if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    if (!range) return new Response(file, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
    const part = file.slice(range.start, range.end + 1);
    return new Response(part, {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Content-Length": String(range.end - range.start + 1) },
    });
  });

  /** One press of play in a page's player (public/js/recording-plays.js): one "play" entry (H5). */
  app.post("/calls/:callId/recording/played", (c) => {
    const call = callOf(c, c.req.param("callId"));
    if (!call || !recordingFile(deps, call)) return c.text("Not found", 404);
    audit(c, "play", `calls/${call.callId}/recording`);
    return c.body(null, 204);
  });

  app.get("/calls/:callId/recording.mp3", (c) => {
    const call = callOf(c, c.req.param("callId"));
    const wav = call && recordingFile(deps, call);
    if (!call || !wav) return c.text("Not found", 404);
    if (!encode) return c.text("MP3 encoding is not available", 503);
    if (c.req.method !== "HEAD") audit(c, "download", `calls/${call.callId}/recording.mp3`);
    c.header("Content-Type", "audio/mpeg");
    c.header("Content-Disposition", attachment(`${call.callId}.mp3`));
    c.header("Cache-Control", "private, no-store");
    return c.body(new Uint8Array(encode(wav)));
  });

  /** The selected calls (`?ids=…`) of this service, in the order given. */
  const selected = (c: Context<ServiceEnv>): CallRecord[] =>
    [...new Set(c.req.queries("ids") ?? [])].slice(0, MAX_SELECTION).flatMap((id) => callOf(c, id) ?? []);
  const stamp = (c: Context<ServiceEnv>) =>
    Temporal.Instant.fromEpochMilliseconds((deps.now ?? Date.now)()).toZonedDateTimeISO(c.get("service").timezone).toPlainDate().toString();

  app.get("/consultations/export.xlsx", async (c) => {
    const rows = selected(c);
    if (!rows.length) return c.text("Select at least one row", 400);
    const svc = c.get("service");
    const lang = c.get("lang");
    const s = opsText(lang);
    const names = namesOf(deps, svc.serviceId);
    const table = {
      name: s("menu.consultations"),
      columns: [s("l.time"), s("l.number"), s("l.queue"), s("l.agent"), s("l.type"), s("l.notes"), s("l.wait"), s("l.talk"), "ID"],
      rows: rows.map((r) => [
        localTime(lang, svc.timezone, r.startedAt), r.direction === "outbound" ? r.to : r.from,
        r.queueId ? (names.queues[r.queueId] ?? r.queueId) : null, r.agent,
        r.type === null ? null : (names.types[r.type] ?? r.type), r.notes ?? null, r.waitSeconds, r.talkSeconds, r.callId,
      ]),
    };
    const name = `${svc.serviceId}-consultations-${stamp(c)}.xlsx`;
    audit(c, "export", `${name} (${rows.map((r) => r.callId).join(",")})`);
    c.header("Content-Type", XLSX_TYPE);
    c.header("Content-Disposition", attachment(name));
    c.header("Cache-Control", "no-store");
    return c.body(new Uint8Array(await toXlsx(table)));
  });

  app.get("/consultations/recordings.zip", (c) => {
    if (!encode) return c.text("MP3 encoding is not available", 503);
    const files: Record<string, Uint8Array> = {};
    for (const r of selected(c)) {
      const wav = recordingFile(deps, r);
      if (wav) files[`${r.callId}.mp3`] = encode(wav);
    }
    if (!Object.keys(files).length) return c.text("No recordings among the selected rows", 400);
    const name = `${c.get("service").serviceId}-recordings-${stamp(c)}.zip`;
    audit(c, "download", `${name} (${Object.keys(files).map((f) => f.replace(/\.mp3$/, "")).join(",")})`);
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", attachment(name));
    c.header("Cache-Control", "no-store");
    return c.body(new Uint8Array(zipFiles(files)));
  });
  return app;
}
