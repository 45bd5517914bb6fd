import { z } from "zod";
import type { Clock, Logger } from "../../lib/index.ts";
import type { CallRecord, Queue, Repos } from "../../store/index.ts";
import { flowSchema, holidaySchema, hoursSchema, menuEntrySchema, type Flow } from "../ivr/index.ts";
import { replayRoute, routeWords, sameRoute, type ReplayRoute, type RoutingConfig } from "../trail/index.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";
import { infoPrompt, menuEntryInputSchema } from "./queue-admin.ts";

/** How far back a preview replays real calls (issue 17 point 6). */
export const PREVIEW_DAYS = 7;

/**
 * A change to preview before it is saved (issue 17 point 6): the same inputs the saving operations
 * take — hours, a holiday added or removed, the menu (or the whole flow), a queue's agents.
 */
export const changePreviewSchema = z.discriminatedUnion(
  "change",
  [
    z.object({ change: z.literal("hours"), hours: hoursSchema }),
    z.object({ change: z.literal("holiday-add"), holiday: holidaySchema }),
    z.object({ change: z.literal("holiday-remove"), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date") }),
    z.object({ change: z.literal("menu"), menu: z.array(menuEntrySchema).max(10) }),
    z.object({ change: z.literal("menu-remove"), digit: z.string().regex(/^[0-9]$/, "format") }),
    z.object({ change: z.literal("menu-add"), entry: z.unknown() }),
    z.object({ change: z.literal("flow"), flow: z.unknown() }),
    z.object({ change: z.literal("queue-agents"), queueId: z.string().min(1, "required").max(32, "tooLong"), agents: z.array(z.string().max(64)).max(500) }),
    z.object({
      change: z.literal("assignment"),
      queues: z.array(z.object({ queueId: z.string().min(1, "required").max(32, "tooLong"), agents: z.array(z.string().max(64)).max(500) })).max(100),
    }),
  ],
  { error: "format" },
);
export type ChangePreviewInput = z.input<typeof changePreviewSchema>;

/** One real call that the change would route differently. */
export interface PreviewedCall {
  callId: string;
  startedAt: number;
  from: string;
  to: string;
  /** Where it goes with the current configuration, and with the change. */
  now: ReplayRoute;
  after: ReplayRoute;
  nowText: { ko: string; en: string };
  afterText: { ko: string; en: string };
}

/** What a change would do to the last days' real calls. */
export interface ChangePreviewResult {
  serviceId: string;
  from: number;
  to: number;
  /** Calls replayed. */
  replayed: number;
  changed: PreviewedCall[];
}

/**
 * Change preview (issue 17 point 6), for the one door: each inbound call of the last
 * {@link PREVIEW_DAYS} days is replayed — its time and the keys its trail recorded — through the
 * current configuration and through the changed one; the calls that would go elsewhere are listed
 * with both places. Nothing is stored. Calls from before the trail existed replay the key of the
 * queue they reached.
 */
export class ChangePreview {
  constructor(
    private readonly ctx: { repos: Repos; clock: Clock; log: Logger },
    private readonly flowOf: (serviceId: string) => Flow,
  ) {}

  /** Preview a change of a service's routing; 422 names a malformed field, 404 an unknown service or queue. */
  preview(serviceId: string, input: unknown): ChangePreviewResult {
    const service = this.ctx.repos.services.get(serviceId);
    if (!service) throw missing("service");
    const change = parseInput(changePreviewSchema, input);
    const current: RoutingConfig = { flow: this.flowOf(serviceId), queues: this.ctx.repos.queues.list(serviceId) };
    const next = this.apply(serviceId, current, change);
    const to = this.ctx.clock.now();
    const from = to - PREVIEW_DAYS * 86_400_000;
    const calls = this.ctx.repos.calls.list(serviceId, from, to).filter((c) => c.direction === "inbound");
    const keys = this.recordedKeys(serviceId, from);
    const changed: PreviewedCall[] = [];
    for (const c of calls) {
      const input = { at: c.startedAt, keys: keys.get(c.callId) ?? this.inferredKeys(c, current) };
      const now = replayRoute(current, input, service.timezone);
      const after = replayRoute(next, input, service.timezone);
      if (sameRoute(now, after)) continue;
      changed.push({
        callId: c.callId, startedAt: c.startedAt, from: c.from, to: c.to, now, after,
        nowText: { ko: routeWords(now, "ko"), en: routeWords(now, "en") }, afterText: { ko: routeWords(after, "ko"), en: routeWords(after, "en") },
      });
    }
    return { serviceId, from, to, replayed: calls.length, changed };
  }

  private apply(serviceId: string, cur: RoutingConfig, c: z.output<typeof changePreviewSchema>): RoutingConfig {
    const flow = (f: Flow): RoutingConfig => ({ flow: f, queues: cur.queues });
    switch (c.change) {
      case "hours":
        return flow({ ...cur.flow, hours: c.hours });
      case "holiday-add":
        if (cur.flow.holidays.some((h) => h.date === c.holiday.date)) throw refuse("holiday.date", "duplicate", 409);
        return flow({ ...cur.flow, holidays: [...cur.flow.holidays, c.holiday] });
      case "holiday-remove":
        if (!cur.flow.holidays.some((h) => h.date === c.date)) throw refuse("date", "notFound", 404);
        return flow({ ...cur.flow, holidays: cur.flow.holidays.filter((h) => h.date !== c.date) });
      case "menu":
        return flow(parseInput(flowSchema, { ...cur.flow, menu: c.menu }));
      case "menu-remove": {
        const queue = cur.queues.find((q) => q.digit === c.digit);
        if (!queue && !cur.flow.menu.some((m) => m.digit === c.digit)) throw refuse("digit", "notFound", 404);
        return { flow: { ...cur.flow, menu: cur.flow.menu.filter((m) => m.digit !== c.digit) }, queues: cur.queues.filter((q) => q !== queue) };
      }
      case "menu-add": {
        // The same entry the menu page adds (queue-admin's addMenuEntry): a new queue without agents, or a message.
        const e = parseInput(menuEntryInputSchema, c.entry);
        if (cur.queues.some((q) => q.digit === e.digit) || cur.flow.menu.some((m) => m.digit === e.digit)) throw refuse("entry.digit", "duplicate", 409);
        if (e.kind === "info") return flow({ ...cur.flow, menu: [...cur.flow.menu, { digit: e.digit, kind: "info", prompt: infoPrompt(e.digit) }] });
        const queue: Queue = { serviceId, queueId: `menu${e.digit}`, name: e.name, digit: e.digit, callback: e.callback, agents: [] };
        return { flow: cur.flow, queues: [...cur.queues, queue] };
      }
      case "flow": {
        const parsed = parseInput(flowSchema, c.flow);
        const ids = new Set(cur.queues.map((q) => q.queueId));
        parsed.menu.forEach((m, i) => {
          if (m.kind === "queue" && !ids.has(m.queueId)) throw refuse(`flow.menu.${i}.queueId`, "unknown");
        });
        return flow(parsed);
      }
      case "queue-agents":
        return this.members(serviceId, cur, [c], (field) => field);
      case "assignment":
        return this.members(serviceId, cur, c.queues, (field, i) => `queues.${i}.${field}`);
    }
  }

  /** New members of some queues (G6): the queues and agents must exist. */
  private members(serviceId: string, cur: RoutingConfig, wanted: { queueId: string; agents: string[] }[], at: (field: string, i: number) => string): RoutingConfig {
    const known = new Set(this.ctx.repos.agents.list(serviceId).map((a) => a.loginId));
    wanted.forEach((w, i) => {
      if (!cur.queues.some((q) => q.queueId === w.queueId)) throw refuse(at("queueId", i), "notFound", 404);
      w.agents.forEach((a, j) => {
        if (!known.has(a)) throw refuse(at(`agents.${j}`, i), "unknown");
      });
    });
    const queues: Queue[] = cur.queues.map((q) => {
      const w = wanted.find((x) => x.queueId === q.queueId);
      return w ? { ...q, agents: [...new Set(w.agents)] } : q;
    });
    return { flow: cur.flow, queues };
  }

  /** The keys each call's trail recorded, in order. */
  private recordedKeys(serviceId: string, from: number): Map<string, (string | null)[]> {
    const out = new Map<string, (string | null)[]>();
    for (const r of this.ctx.repos.trail.stepsSince(serviceId, "key", from - 3_600_000)) {
      const key = (r.detail as { key?: string | null }).key ?? null;
      out.set(r.callId, [...(out.get(r.callId) ?? []), key]);
    }
    return out;
  }

  /** A call without recorded keys: the digit of the queue it reached (now), else unknown. */
  private inferredKeys(c: CallRecord, cur: RoutingConfig): (string | null)[] | undefined {
    if (c.queueId === null) return c.result === "after-hours" ? undefined : [];
    const viaFlow = cur.flow.menu.find((m) => m.kind === "queue" && m.queueId === c.queueId)?.digit;
    const digit = viaFlow ?? cur.queues.find((q) => q.queueId === c.queueId)?.digit;
    return digit === undefined ? [] : [digit];
  }
}
