import { createRoute, z } from "@hono/zod-openapi";
import { existsSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { Context } from "hono";
import { AppError } from "../../lib/index.ts";
import type { CallRecord } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { CallParams, ccErrorResponses } from "./cc-api.ts";
import { notFound } from "./errors.ts";
import { bearer } from "./openapi-helpers.ts";


const audio = (type: string) => ({ [type]: { schema: z.string().openapi({ format: "binary" }) } });

/** GET …/calls/{callId}/recording (M5). */
export const recordingRoute = createRoute({
  method: "get", path: "/{callId}/recording", tags: ["calls"], security: bearer, request: { params: CallParams },
  description:
    "The call's recording: `Accept: audio/mpeg` → MP3 (made on first request, then cached), otherwise WAV. " +
    "`Range: bytes=…` is honoured (206 with Content-Range) for seeking in the browser. " +
    "Each download (the whole file, or a range from byte 0) is written to the audit log under the API key's name (H5).",
  responses: {
    200: { content: { ...audio("audio/wav"), ...audio("audio/mpeg") }, description: "The whole recording" },
    206: { content: { ...audio("audio/wav"), ...audio("audio/mpeg") }, description: "The requested byte range" },
    406: { description: "MP3 asked for but no encoder is available" },
    416: { description: "The range lies outside the file" },
    ...ccErrorResponses,
  },
});

/** The recording's WAV path when it exists and lies inside `deps.recordingsDir`, else undefined. */
export function recordingFile(deps: WebDeps, call: Pick<CallRecord, "recordingPath">): string | undefined {
  if (!call.recordingPath || !deps.recordingsDir) return undefined;
  try {
    // Symbolic links resolved on both sides: nothing outside the recordings folder is served.
    const root = realpathSync(resolve(deps.recordingsDir));
    const path = realpathSync(resolve(call.recordingPath)); // as written: absolute, or relative to the working directory
    return path.startsWith(root + sep) && statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** A single byte range of `Range: bytes=a-b | a- | -n`; undefined = ignore the header (serve all). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < start) return undefined;
  }
  return start >= size ? "unsatisfiable" : { start, end };
}

const wantsMp3 = (accept: string | undefined) =>
  (accept ?? "").split(",").some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(";");
    return (type === "audio/mpeg" || type === "audio/mp3") && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });

/** MP3 next to the WAV (`x.wav` → `x.mp3`), made once the call has ended and reused while newer than the WAV. */
function mp3Of(deps: WebDeps, call: CallRecord, wav: string): Blob {
  const cached = wav.replace(/\.wav$/i, "") + ".mp3";
  if (existsSync(cached) && statSync(cached).mtimeMs >= statSync(wav).mtimeMs) return Bun.file(cached);
  const encode = deps.wavToMp3;
  if (!encode) throw new AppError(406, "mp3_unavailable", "MP3 encoding is not available; ask for audio/wav");
  const bytes = encode(wav);
  if (call.endedAt !== null) {
    try {
      writeFileSync(cached, bytes);
    } catch (e) {
      deps.logger.warn({ path: cached, err: String(e) }, "cannot cache the MP3 recording");
    }
  }
  return new Blob([new Uint8Array(bytes)]);
}

/**
 * Answer the call's recording as WAV or MP3, whole or one byte range (M5). `onDownload` is told
 * the format when the answer starts a download — the whole file or a range from byte 0 — and not
 * for a later range of the same download (a seek, a resumed transfer), a refused one or a HEAD (H5).
 */
export function serveRecording(c: Context, deps: WebDeps, call: CallRecord, onDownload?: (format: "wav" | "mp3") => void): Response {
  const wav = recordingFile(deps, call);
  if (!wav) throw notFound(`recording of call "${call.callId}"`);
  const mp3 = wantsMp3(c.req.header("Accept"));
  const body = mp3 ? mp3Of(deps, call, wav) : Bun.file(wav);
  const type = mp3 ? "audio/mpeg" : "audio/wav";
  const headers: Record<string, string> = {
    "Content-Type": type,
    "Accept-Ranges": "bytes",
    "Content-Disposition": `inline; filename="${call.callId}.${mp3 ? "mp3" : "wav"}"`,
    "Cache-Control": "private, no-cache",
    Vary: "Accept, Range",
  };
  const size = body.size;
  const range = parseRange(c.req.header("Range"), size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  }
  if ((!range || range.start === 0) && c.req.method !== "HEAD") onDownload?.(mp3 ? "mp3" : "wav");
  if (!range) return new Response(body, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
  const part = body.slice(range.start, range.end + 1);
  return new Response(part, {
    status: 206,
    headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Content-Length": String(part.size) },
  });
}
