import { Hono, type Context } from "hono";
import { HistoryDetail, HistoryList, HISTORY_TABS, WrapUpForm, type HistoryRow, type HistoryTab } from "../../../views/index.ts";
import type { CallFilter, CallRecord } from "../../store/index.ts";
import { attachment } from "../export/index.ts";
import { parseRange, recordingFile } from "../api/recording.ts";
import type { WebDeps } from "../deps.ts";
import { respondArea, type ConsoleOptions } from "./area.tsx";
import { customerOf, typeNames, wrapUpView } from "./console-data.ts";
import type { AgentEnv } from "./env.ts";
import { agentActor, consoleOf } from "./session.ts";

const PAGE = 30;
/** How far back the lists reach. */
const DAYS = 90;

/**
 * The agent's history (A8): my calls, unconnected calls and all of the service, internal calls
 * left out; "call back" on each row and in a call's details (through the call controls); a call's
 * details with type and notes (the agent's own editable) and recording playback (each press of play
 * audited, never the byte requests).
 */
export function historyRoutes(deps: WebDeps, opts: ConsoleOptions): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  const now = () => (deps.now ?? Date.now)();

  const rowOf = (c: CallRecord, names: { queues: Record<string, string>; types: Record<string, string> }): HistoryRow => ({
    callId: c.callId, startedAt: c.startedAt, direction: c.direction, number: customerOf(c),
    queueName: c.queueId ? (names.queues[c.queueId] ?? c.queueId) : null, agent: c.agent, result: c.result,
    waitSeconds: c.waitSeconds, talkSeconds: c.talkSeconds, typeName: c.type === null ? null : (names.types[c.type] ?? c.type),
    notes: c.notes ?? null, recording: Boolean(recordingFile(deps, c)),
  });
  const namesOf = (serviceId: string) => ({
    queues: Object.fromEntries(deps.repos.queues.list(serviceId).map((q) => [q.queueId, q.name])) as Record<string, string>,
    types: typeNames(deps, serviceId),
  });
  /** A call of the agent's service, or undefined (other services stay invisible). */
  const callOf = (c: Context<AgentEnv>): CallRecord | undefined => {
    const call = deps.repos.calls.get(c.req.param("callId") ?? "");
    return call && call.serviceId === consoleOf(c).agent.serviceId && call.direction !== "internal" ? call : undefined;
  };

  app.get("/history", (c) => {
    const { agent, service, session } = consoleOf(c);
    const wanted = c.req.query("tab") ?? "";
    const tab: HistoryTab = (HISTORY_TABS as readonly string[]).includes(wanted) ? (wanted as HistoryTab) : "mine";
    const page = Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1);
    const at = now();
    const filter: CallFilter = {
      from: at - DAYS * 86_400_000, to: at + 1, external: true,
      ...(tab === "mine" ? { agent: agent.loginId } : tab === "unconnected" ? { unanswered: true } : {}),
    };
    const rows = deps.cc ? deps.cc.searchCalls(agent.serviceId, filter, { sort: "time", dir: "desc", limit: PAGE + 1, offset: (page - 1) * PAGE }) : [];
    const names = namesOf(agent.serviceId);
    return respondArea(c, deps, opts, "history", "nav.history", () => (
      <HistoryList lang={c.get("lang")} timeZone={service.timezone} csrfToken={session.csrfToken} tab={tab} rows={rows.slice(0, PAGE).map((r) => rowOf(r, names))}
        nextPage={rows.length > PAGE ? page + 1 : undefined} callControls={opts.callControls} />
    ));
  });

  app.get("/history/:callId", (c) => {
    const call = callOf(c);
    if (!call) return c.text("Not found", 404);
    const { agent, service, session } = consoleOf(c);
    const lang = c.get("lang");
    deps.admin.recordAccess(agentActor(c, deps), agent.serviceId, "view", `calls/${call.callId}`);
    const mine = call.agent === agent.loginId && call.answeredAt !== null;
    return respondArea(c, deps, opts, "history", "hist.detail", () => (
      <HistoryDetail lang={lang} timeZone={service.timezone} csrfToken={session.csrfToken} row={rowOf(call, namesOf(agent.serviceId))} callControls={opts.callControls}
        editor={mine ? <WrapUpForm lang={lang} csrfToken={session.csrfToken} timeZone={service.timezone} view={wrapUpView(deps, call, "edit")} /> : undefined} />
    ));
  });

  app.get("/history/:callId/recording", (c) => {
    const call = callOf(c);
    const wav = call && recordingFile(deps, call);
    if (!call || !wav) return c.text("Not found", 404);
    const file = Bun.file(wav);
    const size = file.size;
    // Bytes are never audited (a player fetches ranges without anyone pressing play); the page reports each press.
    const range = parseRange(c.req.header("Range"), size);
    const headers: Record<string, string> = { "Content-Type": "audio/wav", "Accept-Ranges": "bytes", "Cache-Control": "private, no-store" };
    if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
    if (!range) return new Response(file, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
    return new Response(file.slice(range.start, range.end + 1), {
      status: 206,
      headers: { ...headers, "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Content-Length": String(range.end - range.start + 1) },
    });
  });

  /** One press of play (public/js/recording-plays.js): one "play" entry in the audit log (H5). */
  app.post("/history/:callId/recording/played", (c) => {
    const call = callOf(c);
    if (!call || !recordingFile(deps, call)) return c.text("Not found", 404);
    deps.admin.recordAccess(agentActor(c, deps), call.serviceId, "play", `calls/${call.callId}/recording`);
    return c.body(null, 204);
  });

  app.get("/history/:callId/recording.mp3", (c) => {
    const call = callOf(c);
    const wav = call && recordingFile(deps, call);
    if (!call || !wav) return c.text("Not found", 404);
    if (!deps.wavToMp3) return c.text("MP3 encoding is not available", 503);
    deps.admin.recordAccess(agentActor(c, deps), call.serviceId, "download", `calls/${call.callId}/recording.mp3`);
    c.header("Content-Type", "audio/mpeg");
    c.header("Content-Disposition", attachment(`${call.callId}.mp3`));
    return c.body(new Uint8Array(deps.wavToMp3(wav)));
  });
  return app;
}
