import type { Database, Statement } from "bun:sqlite";

/** What a service's agents may dial out, and the caps per extension (issue 16 point 6, T9). All off by default. */
export interface OutboundRules {
  /** International destinations (00…, 001…, +country other than 82). */
  allowInternational: boolean;
  /** Premium-rate information lines (060), billed to the caller. */
  allowPremium: boolean;
  /** Outbound calls while the service is closed (business hours and holidays of its ARS). */
  allowAfterHours: boolean;
  /** Outbound talk minutes each extension (agent) may use in the last 60 minutes; 0: no cap. */
  extensionHourMinutes: number;
  /** Outbound talk minutes each extension (agent) may use in the last 24 hours; 0: no cap. */
  extensionDayMinutes: number;
}

export const DEFAULT_OUTBOUND_RULES: Readonly<OutboundRules> = Object.freeze({
  allowInternational: false, allowPremium: false, allowAfterHours: false, extensionHourMinutes: 0, extensionDayMinutes: 0,
});

/** The talk of one answered outbound call (ms); `endedAt` null while it goes on. */
export interface TalkSpan {
  answeredAt: number;
  endedAt: number | null;
}

interface RulesRow {
  allow_international: number;
  allow_premium: number;
  allow_after_hours: number;
  extension_hour_minutes: number;
  extension_day_minutes: number;
}

/** Longest call counted: a call that started before `since - MAX_CALL_MS` cannot reach into the window. */
const MAX_CALL_MS = 24 * 60 * 60_000;

/** Outbound rules per service and the answered outbound calls counted against the caps (issue 16 point 6). */
export class OutboundCapRepo {
  private readonly getStmt: Statement<RulesRow, [string]>;
  private readonly putStmt: Statement;
  private readonly markStmt: Statement;
  private readonly byTrunkStmt: Statement<{ answered_at: number; ended_at: number | null }, [string, number, number]>;
  private readonly alertsStmt: Statement<{ at: number; after_json: string | null }, [string, number, string]>;
  private readonly byAgentStmt: Statement<{ answered_at: number; ended_at: number | null }, [string, string, number, number]>;

  constructor(db: Database) {
    this.getStmt = db.prepare(
      "SELECT allow_international, allow_premium, allow_after_hours, extension_hour_minutes, extension_day_minutes FROM outbound_rules WHERE service_id = ?",
    );
    this.putStmt = db.prepare(
      `INSERT INTO outbound_rules (service_id, allow_international, allow_premium, allow_after_hours, extension_hour_minutes, extension_day_minutes, updated_at)
       VALUES ($serviceId, $i, $p, $a, $h, $d, $now)
       ON CONFLICT (service_id) DO UPDATE SET allow_international = $i, allow_premium = $p, allow_after_hours = $a,
         extension_hour_minutes = $h, extension_day_minutes = $d, updated_at = $now`,
    );
    this.alertsStmt = db.prepare(
      "SELECT at, after_json FROM audit_log WHERE service_id = ? AND at >= ? AND action = ? ORDER BY at DESC, id DESC LIMIT 20",
    );
    this.markStmt = db.prepare("UPDATE calls SET trunk_id = ? WHERE call_id = ?");
    const span = "SELECT answered_at, ended_at FROM calls WHERE direction = 'outbound' AND answered_at IS NOT NULL";
    this.byTrunkStmt = db.prepare(`${span} AND trunk_id = ? AND started_at >= ? AND (ended_at IS NULL OR ended_at >= ?)`);
    this.byAgentStmt = db.prepare(`${span} AND service_id = ? AND agent_login = ? AND started_at >= ? AND (ended_at IS NULL OR ended_at >= ?)`);
  }

  /** The service's rules (the defaults when never set). */
  rules(serviceId: string): OutboundRules {
    const r = this.getStmt.get(serviceId);
    if (!r) return { ...DEFAULT_OUTBOUND_RULES };
    return {
      allowInternational: r.allow_international === 1, allowPremium: r.allow_premium === 1, allowAfterHours: r.allow_after_hours === 1,
      extensionHourMinutes: r.extension_hour_minutes, extensionDayMinutes: r.extension_day_minutes,
    };
  }

  /** Store the service's rules whole. */
  setRules(serviceId: string, r: OutboundRules, now = Date.now()): OutboundRules {
    this.putStmt.run({
      serviceId, i: r.allowInternational ? 1 : 0, p: r.allowPremium ? 1 : 0, a: r.allowAfterHours ? 1 : 0,
      h: r.extensionHourMinutes, d: r.extensionDayMinutes, now,
    });
    return this.rules(serviceId);
  }

  /** The audit log's lines of `action` (a cap that refused a call) since `since`, newest first, their `after` parsed. */
  capLines(serviceId: string, action: string, since: number): { at: number; after: Record<string, unknown> }[] {
    return this.alertsStmt.all(serviceId, since, action).map((r) => ({ at: r.at, after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : {} }));
  }

  /** The trunk an outbound call leaves through (its minutes count against that trunk). */
  markTrunk(callId: string, trunkId: string): void {
    this.markStmt.run(trunkId, callId);
  }

  /** Answered outbound calls through the trunk that talked at some time since `since`. */
  trunkTalk(trunkId: string, since: number): TalkSpan[] {
    return this.byTrunkStmt.all(trunkId, since - MAX_CALL_MS, since).map(toSpan);
  }

  /** Answered outbound calls of the agent (extension) that talked at some time since `since`. */
  agentTalk(serviceId: string, loginId: string, since: number): TalkSpan[] {
    return this.byAgentStmt.all(serviceId, loginId, since - MAX_CALL_MS, since).map(toSpan);
  }
}

const toSpan = (r: { answered_at: number; ended_at: number | null }): TalkSpan => ({ answeredAt: r.answered_at, endedAt: r.ended_at });
