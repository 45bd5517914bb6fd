import { Hono } from "hono";
import type { Context } from "hono";
import { CallbacksPage, CallsPage, ConsultationsPage, opsLabel, opsText, type FilterField, type ListPage, type OpsText } from "../../../views/index.ts";
import { CALL_SORTS, type CallFilter, type CallResult, type CallSort } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { namesOf, noContactCenter } from "./ops-common.tsx";
import { dateRange, filtersOf, pageOf, PAGE_SIZE, type DateRange } from "./ops-query.ts";
import { logLookupRoutes } from "./history-logs.tsx";
import { recordingRoutes } from "./history-recording.tsx";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

const RESULTS: CallResult[] = ["answered", "abandoned", "callback", "after-hours", "failed", "interrupted", "ivr", "busy", "no-answer", "rejected", "unreachable"];
const CB_STATES = ["requested", "completed", "deleted", "failed"] as const;

const has = (value: string | null, wanted: string | undefined) => !wanted || (value ?? "").includes(wanted);
const is = (value: string | null, wanted: string | undefined) => !wanted || value === wanted;

/** The common filters: date range, then the given fields. */
function fields(s: OpsText, r: DateRange, f: Record<string, string>, extra: FilterField[]): FilterField[] {
  return [
    { name: "from", label: s("l.from"), type: "date", value: r.from },
    { name: "to", label: s("l.to"), type: "date", value: r.to },
    ...extra.map((x) => ({ ...x, value: f[x.name] ?? "" })),
  ];
}

const select = (name: string, label: string, s: OpsText, options: [string, string][]): FilterField => ({
  name, label, type: "select", value: "", options: [["", s("l.all")], ...options],
});
const text = (name: string, label: string): FilterField => ({ name, label, type: "text", value: "" });

/**
 * The calls of the service in the URL's range matching its filters, one page of them sorted
 * (`?sort&dir&page`, as {@link pageOf}): filtered, counted, sorted and paged in SQL (H1, H2).
 */
function callPage(c: Context<ServiceEnv>, deps: WebDeps, names: readonly string[], extra: Partial<CallFilter> = {}) {
  const svc = c.get("service");
  const range = dateRange(c, svc.timezone, (deps.now ?? Date.now)(), 1);
  const f = filtersOf(c, names);
  const filter: CallFilter = {
    from: range.fromMs, to: range.toMs, number: f.number, agentPart: f.agent, queueId: f.queue, result: f.result,
    direction: f.direction, type: f.type, ...extra,
  };
  const query = { ...f, from: range.from, to: range.to };
  const wanted = c.req.query("sort") ?? "";
  const sort: CallSort = (CALL_SORTS as readonly string[]).includes(wanted) ? (wanted as CallSort) : "time";
  const dir = c.req.query("dir") === "asc" ? "asc" : "desc";
  const total = deps.cc!.countCalls(svc.serviceId, filter);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  const rows = deps.cc!.searchCalls(svc.serviceId, filter, { sort, dir, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const list: ListPage = { query, sort, dir, page, pages, total };
  return { range, f, query, list, rows };
}

/**
 * Lookups (서비스 조회): call history (H1) with details and recordings, consultations (H2), callbacks
 * (H3), agent login history (H4) and the audit log (H5).
 */
export function historyRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  // H4 and H5 need no contact-center engine; everything after this middleware does.
  app.route("/", logLookupRoutes(deps));
  app.use(async (c, next) => {
    if (!deps.cc) return noContactCenter(c, deps, "history/calls");
    await next();
  });

  app.get("/calls", (c) => {
    const svc = c.get("service");
    const s = opsText(c.get("lang"));
    const names = namesOf(deps, svc.serviceId);
    const q = callPage(c, deps, ["number", "agent", "queue", "result", "direction"]);
    const p = q;
    audit(c, "view", `history/calls?${new URLSearchParams(q.query)}`);
    c.header("Cache-Control", "no-store");
    const extra = [
      text("number", s("l.number")), text("agent", s("l.agent")),
      select("queue", s("l.queue"), s, Object.entries(names.queues)),
      select("result", s("l.result"), s, RESULTS.map((r) => [r, opsLabel(s, "r", r)])),
      select("direction", s("l.direction"), s, ["inbound", "outbound", "internal"].map((d) => [d, opsLabel(s, "dir", d)])),
    ];
    return c.html(
      <CallsPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={fields(s, q.range, q.f, extra)} list={p.list} rows={p.rows} queueNames={names.queues} />,
    );
  });

  app.get("/consultations", (c) => {
    const svc = c.get("service");
    const s = opsText(c.get("lang"));
    const names = namesOf(deps, svc.serviceId);
    const q = callPage(c, deps, ["number", "agent", "queue", "type"], { answeredByAgent: true });
    const p = q;
    audit(c, "view", `history/consultations?${new URLSearchParams(q.query)}`);
    c.header("Cache-Control", "no-store");
    const extra = [
      text("number", s("l.number")), text("agent", s("l.agent")),
      select("queue", s("l.queue"), s, Object.entries(names.queues)),
      select("type", s("l.type"), s, Object.entries(names.types)),
    ];
    const rows = p.rows.map((r) => ({ ...r, typeName: r.type === null ? null : (names.types[r.type] ?? r.type) }));
    return c.html(
      <ConsultationsPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={fields(s, q.range, q.f, extra)} list={p.list} rows={rows} queueNames={names.queues} />,
    );
  });

  app.get("/callbacks", (c) => {
    const svc = c.get("service");
    const s = opsText(c.get("lang"));
    const names = namesOf(deps, svc.serviceId);
    const range = dateRange(c, svc.timezone, (deps.now ?? Date.now)(), 7);
    const f = filtersOf(c, ["state", "number", "queue"]);
    const rows = deps.cc!.callbacks(svc.serviceId).filter(
      (x) => x.createdAt >= range.fromMs && x.createdAt < range.toMs && is(x.state, f.state) && has(x.number, f.number) && is(x.queueId, f.queue),
    );
    type Row = (typeof rows)[number];
    const sort: Record<string, (r: Row) => string | number | null> = {
      time: (r) => r.createdAt, number: (r) => r.number, queue: (r) => r.queueId, state: (r) => r.state,
      agent: (r) => r.agent, tries: (r) => r.tries, next: (r) => r.nextTryAt, updated: (r) => r.updatedAt,
    };
    const query = { ...f, from: range.from, to: range.to };
    const p = pageOf(c, rows, sort, "time", query);
    audit(c, "view", `history/callbacks?${new URLSearchParams(query)}`);
    c.header("Cache-Control", "no-store");
    const extra = [
      select("state", s("l.state"), s, CB_STATES.map((x) => [x, opsLabel(s, "cb", x)])),
      text("number", s("l.number")),
      select("queue", s("l.queue"), s, Object.entries(names.queues)),
    ];
    return c.html(
      <CallbacksPage frame={frameOf(c, deps)} timeZone={svc.timezone} filters={fields(s, range, f, extra)} list={p.list} rows={p.rows} queueNames={names.queues} />,
    );
  });

  app.route("/", recordingRoutes(deps));
  return app;
}
