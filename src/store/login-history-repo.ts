import type { Database, Statement } from "bun:sqlite";

/** Sign-in results of the seed's login history (H4); `no-account` is the default failure. */
export const LOGIN_RESULTS = [
  "success",
  "no-account",
  "no-service",
  "no-agent",
  "wrong-password",
  "blocked",
  "cancelled",
  "forced-logout",
] as const;
export type LoginResult = (typeof LOGIN_RESULTS)[number];

/** How a session ended (H4). */
export const LOGOUT_REASONS = ["manual", "expiry", "forced"] as const;
export type LogoutReason = (typeof LOGOUT_REASONS)[number];

/** One row of the login history: a sign-in attempt or a sign-out. */
export interface LoginEvent {
  id: number;
  serviceId?: string;
  loginId: string;
  kind: "login" | "logout";
  result: LoginResult | LogoutReason;
  sessionId?: string;
  ip?: string;
  /** The user agent. */
  platform?: string;
  /** Session length, for sign-outs. */
  sessionMs?: number;
  at: number;
}

export type NewLoginEvent = Omit<LoginEvent, "id">;

interface Row {
  id: number;
  service_id: string | null;
  login_id: string;
  kind: "login" | "logout";
  result: LoginResult | LogoutReason;
  session_id: string | null;
  ip: string | null;
  platform: string | null;
  session_ms: number | null;
  at: number;
}

const toEvent = (r: Row): LoginEvent => ({
  id: r.id,
  serviceId: r.service_id ?? undefined,
  loginId: r.login_id,
  kind: r.kind,
  result: r.result,
  sessionId: r.session_id ?? undefined,
  ip: r.ip ?? undefined,
  platform: r.platform ?? undefined,
  sessionMs: r.session_ms ?? undefined,
  at: r.at,
});

const COLS = "id, service_id, login_id, kind, result, session_id, ip, platform, session_ms, at";

/** Login history (H4): every sign-in attempt and every sign-out with its session length. */
export class LoginHistoryRepo {
  private readonly insertStmt: Statement;
  private readonly listStmt: Statement<Row, [string | null, number, number]>;
  private readonly allStmt: Statement<Row, [number, number]>;
  private readonly openExpiredStmt: Statement<Row & { created_at: number; expires_at: number }, [number]>;
  private readonly sessionStartStmt: Statement<Row, [string]>;
  private readonly sessionEndStmt: Statement<{ result: LoginResult | LogoutReason }, [string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO login_history (service_id, login_id, kind, result, session_id, ip, platform, session_ms, at)
       VALUES ($serviceId, $loginId, $kind, $result, $sessionId, $ip, $platform, $sessionMs, $at)`,
    );
    this.listStmt = db.prepare(
      `SELECT ${COLS} FROM login_history WHERE service_id IS ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    );
    this.allStmt = db.prepare(`SELECT ${COLS} FROM login_history ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`);
    this.sessionStartStmt = db.prepare(
      `SELECT ${COLS} FROM login_history WHERE session_id = ? AND kind = 'login' AND result = 'success'`,
    );
    this.sessionEndStmt = db.prepare(
      "SELECT result FROM login_history WHERE session_id = ? AND kind = 'logout' ORDER BY at DESC, id DESC LIMIT 1",
    );
    this.openExpiredStmt = db.prepare(
      `SELECT h.id, h.service_id, h.login_id, h.kind, h.result, h.session_id, h.ip, h.platform, h.session_ms, h.at,
              s.created_at, s.expires_at
       FROM login_history h JOIN sessions s ON s.id = h.session_id
       WHERE h.kind = 'login' AND h.result = 'success' AND s.expires_at <= ?
         AND NOT EXISTS (SELECT 1 FROM login_history o WHERE o.session_id = h.session_id AND o.kind = 'logout')`,
    );
  }

  /** Append one event. */
  record(e: Omit<NewLoginEvent, "at">, at = Date.now()): void {
    this.insertStmt.run({
      serviceId: e.serviceId ?? null,
      loginId: e.loginId,
      kind: e.kind,
      result: e.result,
      sessionId: e.sessionId ?? null,
      ip: e.ip ?? null,
      platform: e.platform?.slice(0, 300) ?? null,
      sessionMs: e.sessionMs ?? null,
      at,
    });
  }

  /**
   * Record the end of a session that a successful sign-in started (length from that sign-in);
   * "forced-logout" = signed out by a sign-in elsewhere with the same ID (A1).
   */
  recordLogout(sessionId: string, reason: LogoutReason | "forced-logout", ip: string | undefined, at = Date.now()): void {
    const start = this.sessionStartStmt.get(sessionId);
    if (!start) return;
    this.record(
      { serviceId: start.service_id ?? undefined, loginId: start.login_id, kind: "logout", result: reason, sessionId, ip, platform: start.platform ?? undefined, sessionMs: at - start.at },
      at,
    );
  }

  /** How a session ended (its sign-out's result), or undefined while it has none. */
  endOf(sessionId: string): LoginResult | LogoutReason | undefined {
    return this.sessionEndStmt.get(sessionId)?.result;
  }

  /** Record an `expiry` sign-out for every session that expired without one (call before purging sessions). */
  closeExpired(now = Date.now()): number {
    const rows = this.openExpiredStmt.all(now);
    for (const r of rows) {
      this.record(
        { serviceId: r.service_id ?? undefined, loginId: r.login_id, kind: "logout", result: "expiry", sessionId: r.session_id ?? undefined, platform: r.platform ?? undefined, sessionMs: r.expires_at - r.created_at },
        r.expires_at,
      );
    }
    return rows.length;
  }

  /** Newest first: one service's events, or those without a service (admin sign-ins) for `null`. */
  list(serviceId: string | null, limit = 100, offset = 0): LoginEvent[] {
    return this.listStmt.all(serviceId, limit, offset).map(toEvent);
  }

  /** Newest first, every event. */
  all(limit = 100, offset = 0): LoginEvent[] {
    return this.allStmt.all(limit, offset).map(toEvent);
  }
}
