import { Event, type Clock, type Logger } from "../../lib/index.ts";
import type { OutboundRules, Repos, TalkSpan, Trunk } from "../../store/index.ts";

/** The two windows a cap counts over: the last 60 minutes and the last 24 hours (rolling). */
export type CapWindow = "hour" | "day";
export const WINDOW_MS: Record<CapWindow, number> = { hour: 60 * 60_000, day: 24 * 60 * 60_000 };

/** What a cap is set on: a carrier trunk, or one extension (agent) of a service. */
export type CapScope = "trunk" | "extension";

/** One cap: so many outbound talk minutes through `id` within the window (0: no cap). */
export interface Cap {
  scope: CapScope;
  /** trunkId, or the agent's login id. */
  id: string;
  window: CapWindow;
  minutes: number;
}

/** A cap found reached when a call was asked for: the call is refused. */
export interface CapReached extends Cap {
  serviceId: string;
  /** Minutes counted in the window when the call was refused. */
  used: number;
  /** The number the refused call was for, the agent who asked. */
  number: string;
  agent: string;
  at: number;
}

/**
 * Minutes a set of calls used within [since, now] (issue 16 point 6): each call's talk inside the window,
 * rounded up to a whole minute as carriers bill a started minute; a call still going counts what it has
 * talked so far, and at least one minute.
 */
export function talkMinutes(spans: readonly TalkSpan[], since: number, now: number): number {
  let minutes = 0;
  for (const s of spans) {
    const end = Math.min(s.endedAt ?? now, now);
    const talked = end - Math.max(s.answeredAt, since);
    const counted = talked > 0 ? Math.ceil(talked / 60_000) : 0;
    minutes += s.endedAt === null ? Math.max(1, counted) : counted;
  }
  return minutes;
}

/** The caps of a trunk and of one extension under the service's rules, those set (non-zero) only. */
export function capsFor(trunk: Pick<Trunk, "trunkId" | "capHourMinutes" | "capDayMinutes"> | undefined, agent: string | undefined, rules: OutboundRules): Cap[] {
  const caps: Cap[] = [];
  if (trunk) {
    caps.push({ scope: "trunk", id: trunk.trunkId, window: "hour", minutes: trunk.capHourMinutes });
    caps.push({ scope: "trunk", id: trunk.trunkId, window: "day", minutes: trunk.capDayMinutes });
  }
  if (agent) {
    caps.push({ scope: "extension", id: agent, window: "hour", minutes: rules.extensionHourMinutes });
    caps.push({ scope: "extension", id: agent, window: "day", minutes: rules.extensionDayMinutes });
  }
  return caps.filter((c) => c.minutes > 0);
}

/** The first of `caps` whose count has reached it (used ≥ cap), with that count. */
export function reachedCap(caps: readonly Cap[], used: (c: Cap) => number): (Cap & { used: number }) | undefined {
  for (const c of caps) {
    const u = used(c);
    if (u >= c.minutes) return { ...c, used: u };
  }
  return undefined;
}

/** A cap that refused a call, as the dashboard shows it. */
export interface CapNotice extends Cap {
  at: number;
  used: number;
}

/** Refused at once: a cap on outbound minutes is reached (the trunks' or the extension's). */
export class CapReachedError extends Error {
  constructor(readonly reached: CapReached) {
    super(`outbound ${reached.scope} "${reached.id}" reached its cap of ${reached.minutes} minutes per ${reached.window}`);
    this.name = "CapReachedError";
  }
}

/** The audit log's action for a cap that refused a call (the dashboard's alert reads these). */
export const CAP_AUDIT_ACTION = "outbound-cap-reached";

/** The same cap is told (alert, webhook, audit) at most once in this long, however many calls it refuses. */
const RETELL_MS = 5 * 60_000;

/**
 * An attempt placed but not answered yet: it will cost at least a minute, so it counts one (a burst stops at
 * its cap), against each trunk it may still leave through (the service's trunks in order, then the one taken).
 */
interface Pending {
  serviceId: string;
  agent: string;
  trunkIds: string[];
}

/**
 * Outbound minute caps per trunk and per extension (issue 16 point 6, T9), counted from the call records:
 * answered outbound calls whose talk falls in the window (see {@link talkMinutes}) plus one minute for each
 * call placed and not answered yet. A call in progress is never cut; reaching a cap refuses the next call,
 * and `onReached` tells it (the contact center turns it into an audit line, a dashboard alert, a webhook).
 */
export class OutboundCaps {
  /** A cap refused a call (at most once per cap every few minutes). */
  readonly onReached = new Event<[CapReached]>();
  private readonly pending = new Map<string, Pending>();
  private readonly told = new Map<string, number>();

  constructor(private readonly d: { repos: Repos; clock: Clock; log: Logger }) {}

  /** Minutes counted against one cap now. */
  used(serviceId: string, cap: Pick<Cap, "scope" | "id" | "window">): number {
    const now = this.d.clock.now();
    const since = now - WINDOW_MS[cap.window];
    const { outboundCaps } = this.d.repos;
    const spans = cap.scope === "trunk" ? outboundCaps.trunkTalk(cap.id, since) : outboundCaps.agentTalk(serviceId, cap.id, since);
    let placed = 0;
    for (const p of this.pending.values()) {
      if (cap.scope === "trunk" ? p.trunkIds.includes(cap.id) : p.serviceId === serviceId && p.agent === cap.id) placed++;
    }
    return talkMinutes(spans, since, now) + placed;
  }

  /**
   * The trunks (in order) an agent's call may leave through: those under their caps. Throws CapReachedError
   * when the extension's cap is reached or every trunk is at a cap (the first reached is told). `seen` gets each
   * cap counted with its minutes used (the call's trail, issue 17 point 3) — no second count.
   */
  admit(serviceId: string, agent: string, number: string, trunks: readonly Trunk[], seen?: (c: Cap & { used: number }) => void): Trunk[] {
    const rules = this.d.repos.outboundCaps.rules(serviceId);
    const used = (c: Cap) => {
      const u = this.used(serviceId, c);
      seen?.({ ...c, used: u });
      return u;
    };
    const own = reachedCap(capsFor(undefined, agent, rules), used);
    if (own) this.refuse({ ...own, serviceId, number, agent, at: this.d.clock.now() });
    let first: (Cap & { used: number }) | undefined;
    const open = trunks.filter((t) => {
      const hit = reachedCap(capsFor(t, undefined, rules), used);
      first ??= hit;
      return !hit;
    });
    if (!open.length && first) this.refuse({ ...first, serviceId, number, agent, at: this.d.clock.now() });
    return open;
  }

  /**
   * The caps that refused calls in the last 24 hours, newest first, once each (the dashboard's alert).
   */
  recent(serviceId: string): CapNotice[] {
    const seen = new Set<string>();
    const out: CapNotice[] = [];
    for (const l of this.d.repos.outboundCaps.capLines(serviceId, CAP_AUDIT_ACTION, this.d.clock.now() - WINDOW_MS.day)) {
      const a = l.after;
      const n: CapNotice = { at: l.at, scope: a.scope === "extension" ? "extension" : "trunk", id: String(a.id ?? ""), window: a.window === "day" ? "day" : "hour", minutes: Number(a.minutes ?? 0), used: Number(a.used ?? 0) };
      const key = `${n.scope}\u0000${n.id}\u0000${n.window}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(n);
    }
    return out;
  }

  /** A call was placed: it counts a minute until answered (then its record counts) or ended unanswered. */
  placed(callId: string, serviceId: string, agent: string, trunkIds: readonly string[]): void {
    this.pending.set(callId, { serviceId, agent, trunkIds: [...trunkIds] });
  }

  /** The attempt now goes through `trunkId` (also written on the record, so its minutes count there). */
  through(callId: string, trunkId: string): void {
    const p = this.pending.get(callId);
    if (p) p.trunkIds = [trunkId];
    this.d.repos.outboundCaps.markTrunk(callId, trunkId);
  }

  /** Answered (the record counts it now) or ended unanswered. */
  settled(callId: string): void {
    this.pending.delete(callId);
  }

  /** The audit line (the dashboard's alert reads it) and the event (webhooks). */
  private tell(r: CapReached): void {
    try {
      const target = `${r.scope === "trunk" ? "trunks" : "agents"}/${r.id}`;
      const after = { scope: r.scope, id: r.id, window: r.window, minutes: r.minutes, used: r.used, number: r.number, agent: r.agent };
      this.d.repos.audit.record({ serviceId: r.serviceId, loginId: "(system)", actorKind: "system", action: CAP_AUDIT_ACTION, target, after }, r.at);
      this.onReached.execute(r);
    } catch (err) {
      this.d.log.error({ err: String(err) }, "outbound cap not told");
    }
  }

  private refuse(r: CapReached): never {
    const key = `${r.serviceId}\u0000${r.scope}\u0000${r.id}\u0000${r.window}`;
    const last = this.told.get(key);
    if (last === undefined || r.at - last >= RETELL_MS) {
      this.told.set(key, r.at);
      this.d.log.warn({ ...r }, "outbound cap reached: call refused");
      // After the refusing operation's transaction has rolled back (the one door's), so the line and the event stay.
      queueMicrotask(() => this.tell(r));
    }
    throw new CapReachedError(r);
  }
}
