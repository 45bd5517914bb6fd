/**
 * Every figure clicks down to the calls it counts (issue 17 point 4): `/statistics/calls?figure=&by=&key=&from=&to=`
 * lists the calls that the figure's one definition (cc's `figureCalls`) picks, so the list is as long as the figure.
 */
import { Hono } from "hono";
import { FIGURE_DEFINITIONS, figureCalls, isFigure, periodOf, type Figure, type StatsBy, type StatsInterval } from "../../cc/index.ts";
import { FigureCallsPage, figureText, opsText, type FigureDefinitionView, type Lang, type OpsKey, type OpsText } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { dateRange } from "./ops-query.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

const LABELS: Record<Figure, OpsKey> = {
  offered: "f.offered", answered: "f.answered", answeredWithinSl: "f.withinSl", abandoned: "f.abandoned", shortAbandoned: "f.shortAbandoned",
  callbacks: "f.callbacks", outbound: "f.outbound", totalInbound: "f.totalInbound", internalCalls: "dash.internal",
  callbackConversions: "dash.callbacks", answerRate: "f.answerRate", serviceLevel: "f.sl", answerRateWithinSl: "f.withinSl",
  avgWait: "f.avgWait", maxWait: "f.maxWait", avgTalk: "f.avgTalk", avgWrapUp: "f.avgWrapUp",
};
const BYS: readonly StatsBy[] = ["queue", "agent", "type", "service"];
const INTERVALS: readonly StatsInterval[] = ["hour", "day", "week", "month"];
/** The key of "none" (no consultation type) in a drill-down URL. */
export const NO_KEY = "-";

/** A figure's label as the pages show it. */
export const figureLabel = (s: OpsText, f: Figure): string => s(LABELS[f]);

/** The written definitions of some figures, for a page's definitions list and tooltips. */
export function figureDefinitionItems(lang: Lang, figures: readonly Figure[]): FigureDefinitionView[] {
  const s = opsText(lang);
  return figures.map((id) => ({ id, label: figureLabel(s, id), text: FIGURE_DEFINITIONS[id][lang === "ko" ? "ko" : "en"] }));
}

/** The drill-down link of a figure in one row (key undefined: the whole grouping; null: no consultation type). */
export function drillHref(serviceId: string, q: { figure: Figure; by: StatsBy; key?: string | null; from: string; to: string }): string {
  const p = new URLSearchParams({ figure: q.figure, by: q.by, from: q.from, to: q.to });
  if (q.key !== undefined) p.set("key", q.key ?? NO_KEY);
  return `/admin/services/${serviceId}/statistics/calls?${p}`;
}

/**
 * What every drill-down link of a statistics table shares (issue 12: one URL pattern per table, not a
 * link per cell): `…/statistics/calls?by=&from=&to=[&interval=]`, to which a cell adds its figure, key
 * and period (views' `drillCellHref`, and the page script on a click).
 */
export function drillBase(serviceId: string, q: { by: StatsBy; from: string; to: string; interval?: StatsInterval }): string {
  const p = new URLSearchParams({ by: q.by, from: q.from, to: q.to });
  if (q.interval) p.set("interval", q.interval);
  return `/admin/services/${serviceId}/statistics/calls?${p}`;
}

/** GET / — the calls a figure counts over a date range (mounted at `/statistics/calls`). */
export function figureDrillRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/", (c) => {
    const cc = deps.cc;
    if (!cc) return c.text("Service unavailable", 503);
    const svc = c.get("service");
    const lang = c.get("lang");
    const figure = c.req.query("figure") ?? "";
    if (!isFigure(figure)) return c.text(figureText(lang)("fd.badFigure", { figure: figure.slice(0, 40) }), 400);
    const by = (BYS as readonly string[]).includes(c.req.query("by") ?? "") ? (c.req.query("by") as StatsBy) : "service";
    const rawKey = c.req.query("key");
    const key = rawKey === undefined || by === "service" ? undefined : rawKey === NO_KEY ? null : rawKey;
    const range = dateRange(c, svc.timezone, (deps.now ?? Date.now)(), 1);
    const calls = cc.calls(svc.serviceId, range.fromMs, range.toMs);
    const events = by === "agent" ? deps.repos.queueEvents.list(svc.serviceId, range.fromMs, range.toMs) : [];
    const all = figureCalls(calls, events, range.toMs, { figure, by, key, slSeconds: cc.flow(svc.serviceId).slThresholdSeconds });
    // A row of an interval: the statistics bucket a queued call by when it queued, an outbound call by its start.
    const iv = c.req.query("interval") ?? "";
    const period = c.req.query("period");
    const interval = (INTERVALS as readonly string[]).includes(iv) ? (iv as StatsInterval) : undefined;
    const outbound = FIGURE_DEFINITIONS[figure].base === "outbound";
    const rows = interval && period
      ? all.filter((r) => periodOf(outbound ? r.startedAt : (r.queuedAt ?? r.startedAt), interval, svc.timezone) === period)
      : all;
    const s = opsText(lang);
    const f = figureText(lang);
    const queueNames = Object.fromEntries(deps.repos.queues.list(svc.serviceId).map((q) => [q.queueId, q.name]));
    const scopeName = key === undefined ? "" : key === null ? f("fd.scope.none") : by === "queue" ? (queueNames[key] ?? key) : key;
    const scope = by === "service" || key === undefined ? f("fd.scope.service") : `${f(`fd.scope.${by}` as "fd.scope.queue")}: ${scopeName}`;
    audit(c, "view", `statistics/calls?figure=${figure}&by=${by}&from=${range.from}&to=${range.to}`);
    c.header("Cache-Control", "no-store");
    return c.html(
      <FigureCallsPage
        frame={frameOf(c, deps)}
        timeZone={svc.timezone}
        label={figureLabel(s, figure)}
        definition={FIGURE_DEFINITIONS[figure][lang === "ko" ? "ko" : "en"]}
        scope={scope}
        from={interval && period ? period : range.from}
        to={interval && period ? period : range.to}
        rows={rows}
        queueNames={queueNames}
      />,
    );
  });
  return app;
}
