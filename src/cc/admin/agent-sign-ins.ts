import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../lib/index.ts";
import type { Agent, AgentSession, LoginResult } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { consolePasswordSchema, hashConsolePassword, verifyConsolePassword } from "./console-password.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** How long a console session lives (an agent's working day with room to spare). */
export const AGENT_SESSION_TTL_MS = 12 * 60 * 60_000;
/** How long the "signed in elsewhere: sign in here anyway?" question stays open. */
const TICKET_TTL_MS = 2 * 60_000;

/** One console sign-in attempt as the door saw it (A1, H4). */
export interface AgentSignInAttempt {
  serviceId: string;
  loginId: string;
  password: string;
  ip: string;
  /** The client's User-Agent. */
  platform?: string;
}

/**
 * Why a sign-in was refused (H4 result types); "not-mapped" (O5) is an organization member who is
 * not ready to take calls here: no agent role in the service, or no CTI ID and extension mapping.
 */
export type SignInRefusal = Extract<LoginResult, "no-service" | "no-agent" | "wrong-password" | "blocked"> | "not-mapped";

/** The login history keeps the seed's result types (H4): "not-mapped" is written as "no-agent" (상담사 정보없음). */
const historyResult = (r: SignInRefusal): LoginResult => (r === "not-mapped" ? "no-agent" : r);

/**
 * What came of a sign-in: a session; a refusal; a question (the ID is signed in elsewhere: force it
 * with the ticket, or cancel); cancelled; or a ticket that is unknown or too old ("stale").
 */
export type AgentSignInOutcome =
  | { kind: "signed-in"; session: AgentSession; agent: Agent }
  | { kind: "refused"; result: SignInRefusal }
  | { kind: "confirm"; ticket: string }
  | { kind: "cancelled" }
  | { kind: "stale" };

/** Why a console's session no longer works: its own message each (A1). */
export type SessionEnd = "expired" | "forced-logout" | "forced" | "blocked" | "manual" | "unknown";

/** The session a console's cookie names, with its agent, or why it ended. */
export type ConsoleSession = { ok: true; session: AgentSession; agent: Agent } | { ok: false; ended: SessionEnd };

/** The agent changes their own console password (A11): the current one, then the new one. */
export const passwordChangeSchema = z.object({
  current: z.string().min(1, "required").max(128, "tooLong"),
  next: consolePasswordSchema,
});
export type PasswordChangeInput = z.input<typeof passwordChangeSchema>;

interface Ticket {
  serviceId: string;
  loginId: string;
  ip: string;
  platform?: string;
  expires: number;
}

const END_OF: Partial<Record<string, SessionEnd>> = { expiry: "expired", "forced-logout": "forced-logout", forced: "forced", manual: "manual" };

/**
 * Sign-in and sign-out of the agent console (A1, X4, H4): service ID, login ID and console
 * password, all case-sensitive; one session per agent — a second sign-in elsewhere is asked first
 * and, when forced, signs the other session out at once. Every result goes to the login history;
 * signing in and out drive the live state machine (G9 state after login; no sign-out on a call).
 * Throttling stays at the door that counts attempts.
 */
export class AgentSignIns {
  private readonly tickets = new Map<string, Ticket>();

  constructor(private readonly ctx: AdminContext) {}

  async signIn(a: AgentSignInAttempt, ttlMs = AGENT_SESSION_TTL_MS): Promise<AgentSignInOutcome> {
    const { repos } = this.ctx;
    const serviceId = a.serviceId.trim();
    const loginId = a.loginId.trim();
    const service = serviceId ? repos.services.get(serviceId) : undefined;
    const agent = service ? repos.agents.get(serviceId, loginId) : undefined;
    const ok = await verifyConsolePassword(a.password, agent && repos.agentConsole.passwordHash(serviceId, loginId));
    const now = this.ctx.clock.now();
    const result: SignInRefusal | undefined =
      !service || service.state !== "active" ? "no-service" : !agent ? "no-agent" : !ok ? "wrong-password" : agent.blocked ? "blocked"
      : this.unmapped(agent) ? "not-mapped" : undefined;
    if (result) {
      const history = { serviceId: service?.serviceId, loginId: loginId.slice(0, 100), kind: "login" as const, ip: a.ip, platform: a.platform };
      repos.loginHistory.record({ ...history, result: historyResult(result) }, now);
      return { kind: "refused", result };
    }
    this.expire();
    const t: Ticket = { serviceId, loginId, ip: a.ip, platform: a.platform, expires: now + TICKET_TTL_MS };
    if (repos.agentSessions.live(serviceId, loginId, now).length === 0) return this.start(t, ttlMs);
    for (const [k, old] of this.tickets) if (old.expires <= now) this.tickets.delete(k);
    const ticket = randomBytes(24).toString("base64url");
    this.tickets.set(ticket, t);
    return { kind: "confirm", ticket };
  }

  /** The answer to "signed in elsewhere": force (the other session ends at once) or cancel. Bound to the asking address. */
  confirm(ticket: string, force: boolean, ip: string, ttlMs = AGENT_SESSION_TTL_MS): AgentSignInOutcome {
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    const now = this.ctx.clock.now();
    if (!t || t.expires <= now || t.ip !== ip) return { kind: "stale" };
    const { repos } = this.ctx;
    const history = { serviceId: t.serviceId, loginId: t.loginId, kind: "login" as const, ip, platform: t.platform };
    if (!force) {
      repos.loginHistory.record({ ...history, result: "cancelled" }, now);
      return { kind: "cancelled" };
    }
    const agent = repos.agents.get(t.serviceId, t.loginId);
    const result: SignInRefusal | undefined = !agent ? "no-agent" : agent.blocked ? "blocked" : this.unmapped(agent) ? "not-mapped" : undefined;
    if (result) {
      repos.loginHistory.record({ ...history, result: historyResult(result) }, now);
      return { kind: "refused", result };
    }
    return this.start(t, ttlMs);
  }

  /** The live session named by a console's cookie, or why it ended (expired, signed out elsewhere …). */
  session(id: string): ConsoleSession {
    const { repos, clock } = this.ctx;
    const s = id ? repos.agentSessions.get(id) : undefined;
    if (!s) return { ok: false, ended: (id && END_OF[repos.loginHistory.endOf(id) ?? ""]) || "unknown" };
    if (s.expiresAt <= clock.now()) {
      this.expire();
      return { ok: false, ended: "expired" };
    }
    const agent = repos.agents.get(s.serviceId, s.loginId);
    if (!agent) return { ok: false, ended: "unknown" };
    if (agent.blocked) {
      this.end(s, "forced");
      return { ok: false, ended: "blocked" };
    }
    // O5: the member's agent role or CTI mapping taken away (or the member deactivated) ends the session too.
    if (this.unmapped(agent)) {
      this.end(s, "forced");
      return { ok: false, ended: "forced" };
    }
    return { ok: true, session: s, agent };
  }

  /** Sign out by hand (H4 "manual" with the session length); refused (409 "busy") while on a call. */
  signOut(sessionId: string, ip?: string): void {
    const s = this.ctx.repos.agentSessions.get(sessionId);
    if (!s) return;
    const live = this.ctx.live;
    if (live && isBusy(live.agentState(s.serviceId, s.loginId).state)) throw refuse("state", "busy", 409);
    this.end(s, "manual", ip);
  }

  /** Sessions past their end are closed in the login history as "expiry" and removed. */
  expire(): void {
    for (const s of this.ctx.repos.agentSessions.expired(this.ctx.clock.now())) this.end(s, "expiry", undefined, s.expiresAt);
  }

  /** The agent changes their own console password (A11): the current one must match. */
  async changePassword(actor: Actor, serviceId: string, loginId: string, input: PasswordChangeInput): Promise<void> {
    const v = parseInput(passwordChangeSchema, input);
    const { repos } = this.ctx;
    if (!(await verifyConsolePassword(v.current, repos.agentConsole.passwordHash(serviceId, loginId)))) throw refuse("current", "wrongPassword");
    const hash = hashConsolePassword(v.next);
    this.ctx.changes.commit(actor, () => {
      if (!repos.agents.get(serviceId, loginId)) throw refuse("current", "notFound", 404);
      repos.agentConsole.setPasswordHash(serviceId, loginId, hash);
      return { serviceId, action: "password", target: `agents/${loginId}/console-password`, result: undefined };
    });
  }

  /**
   * O5: "only a mapped member with the agent role can sign in to take calls". An agent whose ID is an
   * organization member's must be that member, active, with the agent role in the service and a CTI
   * mapping whose number is the agent's extension. An agent the service admin made without a member
   * account (the seed's agent1..3) signs in with the console password alone.
   */
  private unmapped(agent: Agent): boolean {
    const { repos } = this.ctx;
    const m = repos.members.findByLoginId(agent.loginId);
    if (!m) return false;
    const map = repos.cti.mappingOf(m.id);
    return !m.active || !repos.members.hasRole(m, agent.serviceId, "agent") || !map || map.ctiNumber !== agent.extension;
  }

  /** Start a session: any other session of the agent ends now ("forced-logout"), then the live login. */
  private start(t: Ticket, ttlMs: number): AgentSignInOutcome {
    const { repos } = this.ctx;
    const now = this.ctx.clock.now();
    const session = repos.transaction(() => {
      for (const old of repos.agentSessions.live(t.serviceId, t.loginId, now)) {
        repos.loginHistory.recordLogout(old.id, "forced-logout", old.ip, now);
        repos.agentSessions.remove(old.id);
      }
      const s = repos.agentSessions.create({ serviceId: t.serviceId, loginId: t.loginId, ip: t.ip }, ttlMs, now);
      repos.loginHistory.record({ serviceId: t.serviceId, loginId: t.loginId, kind: "login", result: "success", sessionId: s.id, ip: t.ip, platform: t.platform }, now);
      return s;
    });
    this.ctx.live?.login(t.serviceId, t.loginId);
    this.ctx.log.info({ serviceId: t.serviceId, agent: t.loginId, ip: t.ip }, "agent signed in to the console");
    return { kind: "signed-in", session, agent: repos.agents.get(t.serviceId, t.loginId)! };
  }

  /** End a session with its sign-out line; the last session's end signs the agent out of the state machine when not on a call. */
  private end(s: AgentSession, reason: "manual" | "expiry" | "forced", ip?: string, at = this.ctx.clock.now()): void {
    const { repos } = this.ctx;
    repos.transaction(() => {
      repos.loginHistory.recordLogout(s.id, reason, ip, at);
      repos.agentSessions.remove(s.id);
    });
    const live = this.ctx.live;
    if (!live || repos.agentSessions.live(s.serviceId, s.loginId, this.ctx.clock.now()).length > 0) return;
    try {
      live.logout(s.serviceId, s.loginId);
    } catch (e) {
      // On a call (409) or a deleted agent (404): the state machine keeps its state.
      if (!(e instanceof AppError)) throw e;
    }
  }
}

const isBusy = (state: string) => state === "ringing" || state === "on-call" || state === "dialing";
