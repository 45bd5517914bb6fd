import { AppError, Event, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";

/**
 * Agent states (A2) and what moves between them:
 *
 *   logged-out ──login──▶ ready | away            (G9 state after login)
 *   ready ◀──choose──▶ away(reason) ◀──choose──▶ wrap-up      (never while ringing/on-call/dialing)
 *   ready ──offer──▶ ringing ──answer──▶ on-call ──call ends──▶ wrap-up ──N s──▶ G9 state after call
 *                    ringing ──no answer──▶ away("no-answer")
 *                    ringing ──offer withdrawn──▶ ready
 *   ready|away|wrap-up ──dial──▶ dialing ──answered──▶ on-call
 *   any state but ringing/on-call/dialing ──logout──▶ logged-out
 *   ready|away ──device gone (issue 17)──▶ unreachable ──device back──▶ the state it had (ready | away(reason))
 *   (a device lost while ringing, on a call, dialing or in wrap-up takes effect when the agent would be ready/away again)
 *
 * Every change carries a cause (issue 17): who or what made it — see `StateCause`.
 *
 * Leaving the wrap-up that followed a call (timer, or the agent picks ready/away/dial/logout)
 * reports the seconds spent in it for that call through `onWrapUpEnded` (C11, S1).
 */
export type AgentStateName = "logged-out" | "ready" | "away" | "ringing" | "on-call" | "wrap-up" | "dialing" | "unreachable";

/** Every state, in the order pages list them. */
export const AGENT_STATES: readonly AgentStateName[] = ["ready", "away", "wrap-up", "dialing", "ringing", "on-call", "unreachable", "logged-out"];

/**
 * Why a state changed (issue 17): `kind` or `kind: detail`, e.g. `agent`, `admin: alice`,
 * `rule: no-answer`, `rule: wrap-up timeout`, `sip: registration expired 2026-12-05T09:14:03Z`,
 * `sip: no answer to OPTIONS`, `sip: WebSocket closed`, `restart`, `media: media-timeout`.
 */
export type StateCause = string;
export type StateCauseKind = "agent" | "admin" | "api" | "rule" | "sip" | "call" | "media" | "restart" | "system";

/** Build a cause. */
export const cause = (kind: StateCauseKind, detail?: string): StateCause => (detail ? `${kind}: ${detail}` : kind);

/** The kind of a cause (`sip` of `sip: no answer to OPTIONS`). */
export const causeKind = (c: StateCause | null | undefined): StateCauseKind | undefined =>
  c ? (c.split(":", 1)[0]!.trim() as StateCauseKind) : undefined;

/** States an agent (or the API) may pick (A2). */
export type ChosenState = "ready" | "away" | "wrap-up";

/** The away reasons of A2; free text is accepted too. */
export const AWAY_REASONS = ["break", "meal", "training", "reporting", "meeting", "coaching", "tickets"] as const;

/** A snapshot of an agent's state. */
export interface AgentStatus {
  serviceId: string;
  loginId: string;
  extension: string;
  state: AgentStateName;
  reason: string | null;
  since: number;
  /** Why the agent is in this state (issue 17); null for states stored before causes were kept. */
  cause?: StateCause | null;
  /** When a timed state ends by itself (wrap-up deadline, ms); null when it does not. Kept across restarts. */
  until?: number | null;
  /** Unreachable only: the state the agent returns to when the device is back. */
  returnTo?: { state: "ready" | "away"; reason: string | null } | null;
}

const BUSY: readonly AgentStateName[] = ["ringing", "on-call", "dialing"];

type Settled = { state: "ready" | "away"; reason: string | null };

/** One agent's live state machine; every change goes through setState(), which notifies `onChange`. */
export class AgentMachine {
  readonly onChange = new Event<[AgentStatus, AgentStateName]>();
  /** The agent left the wrap-up after a call: (call id, seconds spent in wrap-up; 0 when there was none). */
  readonly onWrapUpEnded = new Event<[string, number]>();
  private wrapTimer?: TimerHandle;
  /** The call whose wrap-up the agent is in, and when it began (ms). */
  private wrapCall?: { callId: string; since: number };
  /** Why the agent's device is gone (issue 17), while it is; applied when the agent is next ready or away. */
  private deviceGone: StateCause | null = null;
  /** Calls answered on `day` (fewest-calls strategy). */
  answered = 0;
  private day = "";

  constructor(
    private status: AgentStatus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    if (status.state === "unreachable") this.deviceGone = status.cause ?? cause("sip", "device gone");
  }

  get snapshot(): AgentStatus {
    return { ...this.status, returnTo: this.status.returnTo ? { ...this.status.returnTo } : null };
  }
  get state(): AgentStateName {
    return this.status.state;
  }
  get loginId(): string {
    return this.status.loginId;
  }
  get serviceId(): string {
    return this.status.serviceId;
  }
  get extension(): string {
    return this.status.extension;
  }
  /** When the current state began (ms). */
  get since(): number {
    return this.status.since;
  }
  /** Why the agent is in the current state. */
  get cause(): StateCause | null {
    return this.status.cause ?? null;
  }
  /** True while a call keeps the agent (ringing, on a call, dialling). */
  get busy(): boolean {
    return BUSY.includes(this.status.state);
  }
  /** Why the device is gone, while it is (issue 17). */
  get deviceMissing(): StateCause | null {
    return this.deviceGone;
  }

  /** Sign in; the state after login comes from G9 (unreachable while the device is gone). */
  login(after: "ready" | "away", by: StateCause = cause("agent")): void {
    if (this.status.state !== "logged-out") return;
    this.settle({ state: after, reason: after === "away" ? "login" : null }, by);
  }

  /** Sign out; refused while a call keeps the agent. */
  logout(by: StateCause = cause("agent")): void {
    this.refuseWhileBusy();
    this.setState("logged-out", null, by);
  }

  /**
   * The agent (console, desk phone or API) picks a state (A2); refused while on a call. Ready
   * while the device is gone stays unreachable and returns to ready with the device.
   */
  choose(state: ChosenState, reason?: string, by: StateCause = cause("agent")): void {
    this.refuseWhileBusy();
    if (state === "wrap-up") return this.setState(state, null, by);
    this.settle({ state, reason: state === "away" ? (reason ?? "break") : null }, by);
  }

  /** The ACD rings this agent. */
  offer(by: StateCause = cause("call", "offered")): void {
    if (this.status.state !== "ready") throw new AppError(409, "agent-not-ready", "agent is not ready");
    this.setState("ringing", null, by);
  }

  /** The ringing agent did not answer (C5): set away. */
  missed(reason = "no-answer", by: StateCause = cause("rule", `${reason} → away`)): void {
    if (this.status.state === "ringing") this.settle({ state: "away", reason }, by);
  }

  /** The offer was withdrawn (caller gone, another agent answered): back to ready. */
  withdrawn(by: StateCause = cause("call", "offer withdrawn")): void {
    if (this.status.state === "ringing") this.settle({ state: "ready", reason: null }, by);
  }

  /** The agent placed an outbound call (C9). */
  dialing(by: StateCause = cause("agent", "dialled")): void {
    this.refuseWhileBusy();
    this.setState("dialing", null, by);
  }

  /** The agent's leg was answered. */
  connected(by: StateCause = cause("call", "answered")): void {
    if (this.status.state !== "ringing" && this.status.state !== "dialing") return;
    this.countAnswered();
    this.setState("on-call", null, by);
  }

  /**
   * The call ended: wrap-up for `wrapUpSeconds`, then the G9 state after a call (after "wrap-up":
   * until the agent picks another state). With `callId`, the seconds spent in wrap-up are reported
   * for that call by `onWrapUpEnded` once the agent leaves it (at once, 0, without wrap-up).
   * `by`: why the call ended (BYE, media timeout, session refresh failure …).
   */
  callEnded(wrapUpSeconds: number, after: "ready" | "away" | "wrap-up", callId?: string, by: StateCause = cause("call", "ended")): void {
    if (!this.busy) return;
    if (wrapUpSeconds <= 0 || after === "wrap-up") {
      if (after === "wrap-up") this.setState("wrap-up", null, by);
      else this.settle({ state: after, reason: after === "away" ? "after-call" : null }, by);
      if (after === "wrap-up" && callId !== undefined) this.wrapCall = { callId, since: this.status.since };
      else if (callId !== undefined) this.onWrapUpEnded.execute(callId, 0);
      return;
    }
    const until = this.clock.now() + wrapUpSeconds * 1000;
    this.setState("wrap-up", null, by, until);
    if (callId !== undefined) this.wrapCall = { callId, since: this.status.since };
    this.armWrapUp(wrapUpSeconds * 1000, after);
  }

  /**
   * After a restart, an agent found in wrap-up leaves it after `leftMs` for `after` (the timer
   * did not survive the process; its deadline did, as `until` or the state's `since`).
   */
  resumeWrapUp(leftMs: number, after: "ready" | "away"): void {
    if (this.status.state !== "wrap-up" || this.wrapTimer) return;
    this.armWrapUp(leftMs, after);
  }

  /** The agent's device is gone (issue 17: registration expired or removed, no answer to OPTIONS, WebSocket closed). */
  unreachable(why: StateCause): void {
    this.deviceGone = why;
    const s = this.status.state;
    if (s === "ready" || s === "away") this.setState("unreachable", null, why, null, { state: s, reason: this.status.reason });
  }

  /** The device is back (OPTIONS answered, REGISTER, WebSocket re-registered): the state the agent had before. */
  reachable(why: StateCause): void {
    this.deviceGone = null;
    if (this.status.state !== "unreachable") return;
    const back = this.status.returnTo ?? { state: "away", reason: "unreachable" };
    this.setState(back.state, back.reason, why);
  }

  /** Force a state without the rules (crash recovery, a transfer's handover). */
  reset(state: AgentStateName, reason: string | null, by: StateCause = cause("system")): void {
    if ((state === "ready" || state === "away") && this.deviceGone) return this.settle({ state, reason }, by);
    this.setState(state, reason, by);
  }

  /** Stop timers. */
  dispose(): void {
    if (this.wrapTimer) this.clock.clearTimeout(this.wrapTimer);
    this.wrapTimer = undefined;
  }

  private armWrapUp(leftMs: number, after: "ready" | "away"): void {
    const leave = () => {
      this.wrapTimer = undefined;
      if (this.status.state === "wrap-up") this.settle({ state: after, reason: after === "away" ? "after-call" : null }, cause("rule", "wrap-up timeout"));
    };
    if (leftMs <= 0) return leave();
    this.wrapTimer = this.clock.setTimeout(leave, leftMs);
  }

  /** Ready or away — or unreachable, remembering it, while the device is gone. */
  private settle(to: Settled, by: StateCause): void {
    if (this.deviceGone) {
      if (this.status.state === "unreachable") {
        // Stays unreachable; only where it returns to changes (logged, the snapshot shows it).
        this.status = { ...this.status, returnTo: to };
        this.onChange.execute(this.snapshot, "unreachable");
        return;
      }
      return this.setState("unreachable", null, `${by}; ${this.deviceGone}`, null, to);
    }
    this.setState(to.state, to.reason, by);
  }

  private refuseWhileBusy(): void {
    if (this.busy) throw new AppError(409, "agent-busy", "no state change while on a call");
  }

  private countAnswered(): void {
    const day = new Date(this.clock.now()).toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.answered = 0;
    }
    this.answered++;
  }

  private setState(state: AgentStateName, reason: string | null, by: StateCause, until: number | null = null, returnTo: Settled | null = null): void {
    if (this.wrapTimer) {
      this.clock.clearTimeout(this.wrapTimer);
      this.wrapTimer = undefined;
    }
    const prev = this.status.state;
    this.status = { ...this.status, state, reason, since: this.clock.now(), cause: by, until, returnTo };
    this.log.debug({ agent: this.status.loginId, from: prev, to: state, reason, cause: by }, "agent state");
    this.onChange.execute(this.snapshot, prev);
    const wrap = this.wrapCall;
    if (wrap && state !== "wrap-up") {
      this.wrapCall = undefined;
      this.onWrapUpEnded.execute(wrap.callId, (this.status.since - wrap.since) / 1000);
    }
  }
}
