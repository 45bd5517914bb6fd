import type { LoginResult, Member, WebSession } from "../../store/index.ts";
import type { AdminContext } from "./admin-context.ts";

/** One sign-in attempt as a door saw it (H4). */
export interface SignInAttempt {
  loginId: string;
  password: string;
  ip: string;
  /** The client's User-Agent. */
  platform?: string;
}

/** A signed-in member and their session, or why the attempt failed (H4 result types). */
export type SignInOutcome = { ok: true; member: Member; session: WebSession } | { ok: false; result: LoginResult };

/**
 * Sign-in and sign-out of members (X4, H4): verifies the password, starts and ends sessions, and
 * writes every result to the login history. Throttling stays at the door that counts attempts.
 */
export class SignIns {
  constructor(private readonly ctx: AdminContext) {}

  async signIn(a: SignInAttempt, ttlMs: number): Promise<SignInOutcome> {
    const { repos, clock } = this.ctx;
    const loginId = a.loginId.trim();
    const member = loginId && a.password ? await repos.members.verifyPassword(loginId, a.password) : undefined;
    const history = { loginId: loginId.slice(0, 100), kind: "login" as const, ip: a.ip, platform: a.platform };
    if (!member) {
      const result = this.failure(loginId);
      repos.loginHistory.record({ ...history, result }, clock.now());
      return { ok: false, result };
    }
    const session = repos.transaction(() => {
      this.expire();
      const s = repos.sessions.create(member.id, ttlMs, a.ip, clock.now());
      repos.loginHistory.record({ ...history, result: "success", sessionId: s.id }, clock.now());
      return s;
    });
    return { ok: true, member, session };
  }

  /** End a session by hand (sign-out); the login history gets its length. */
  signOut(sessionId: string, ip?: string): void {
    const { repos, clock } = this.ctx;
    repos.transaction(() => {
      repos.loginHistory.recordLogout(sessionId, "manual", ip, clock.now());
      repos.sessions.remove(sessionId);
    });
  }

  /** Sessions past their end are closed in the login history as "expiry" and removed. */
  expire(): void {
    const now = this.ctx.clock.now();
    this.ctx.repos.loginHistory.closeExpired(now);
    this.ctx.repos.sessions.purgeExpired(now);
  }

  /** Why a sign-in failed (H4): unknown login, blocked member or wrong password. */
  private failure(loginId: string): LoginResult {
    const known = loginId ? this.ctx.repos.members.findByLoginId(loginId) : undefined;
    if (!known) return "no-account";
    return known.active ? "wrong-password" : "blocked";
  }
}
