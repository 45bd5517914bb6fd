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
 *
 * Leaving the wrap-up that followed a call (timer, or the agent picks ready/away/dial/logout)
 * reports the seconds spent in it for that call through `onWrapUpEnded` (C11, S1).
 */
export type AgentStateName = "logged-out" | "ready" | "away" | "ringing" | "on-call" | "wrap-up" | "dialing";

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
}

const BUSY: readonly AgentStateName[] = ["ringing", "on-call", "dialing"];

/** One agent's live state machine; every change goes through setState(), which notifies `onChange`. */
export class AgentMachine {
  readonly onChange = new Event<[AgentStatus, AgentStateName]>();
  /** The agent left the wrap-up after a call: (call id, seconds spent in wrap-up; 0 when there was none). */
  readonly onWrapUpEnded = new Event<[string, number]>();
  private wrapTimer?: TimerHandle;
  /** The call whose wrap-up the agent is in, and when it began (ms). */
  private wrapCall?: { callId: string; since: number };
  /** Calls answered on `day` (fewest-calls strategy). */
  answered = 0;
  private day = "";

  constructor(
    private status: AgentStatus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  get snapshot(): AgentStatus {
    return { ...this.status };
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
  /** True while a call keeps the agent (ringing, on a call, dialling). */
  get busy(): boolean {
    return BUSY.includes(this.status.state);
  }

  /** Sign in; the state after login comes from G9. */
  login(after: "ready" | "away"): void {
    if (this.status.state !== "logged-out") return;
    this.setState(after, after === "away" ? "login" : null);
  }

  /** Sign out; refused while a call keeps the agent. */
  logout(): void {
    this.refuseWhileBusy();
    this.setState("logged-out", null);
  }

  /** The agent (console, desk phone or API) picks a state (A2); refused while on a call. */
  choose(state: ChosenState, reason?: string): void {
    this.refuseWhileBusy();
    this.setState(state, state === "away" ? (reason ?? "break") : null);
  }

  /** The ACD rings this agent. */
  offer(): void {
    if (this.status.state !== "ready") throw new AppError(409, "agent-not-ready", "agent is not ready");
    this.setState("ringing", null);
  }

  /** The ringing agent did not answer (C5): set away. */
  missed(reason = "no-answer"): void {
    if (this.status.state === "ringing") this.setState("away", reason);
  }

  /** The offer was withdrawn (caller gone, another agent answered): back to ready. */
  withdrawn(): void {
    if (this.status.state === "ringing") this.setState("ready", null);
  }

  /** The agent placed an outbound call (C9). */
  dialing(): void {
    this.refuseWhileBusy();
    this.setState("dialing", null);
  }

  /** The agent's leg was answered. */
  connected(): void {
    if (this.status.state !== "ringing" && this.status.state !== "dialing") return;
    this.countAnswered();
    this.setState("on-call", null);
  }

  /**
   * The call ended: wrap-up for `wrapUpSeconds`, then the G9 state after a call (after "wrap-up":
   * until the agent picks another state). With `callId`, the seconds spent in wrap-up are reported
   * for that call by `onWrapUpEnded` once the agent leaves it (at once, 0, without wrap-up).
   */
  callEnded(wrapUpSeconds: number, after: "ready" | "away" | "wrap-up", callId?: string): void {
    if (!this.busy) return;
    if (wrapUpSeconds <= 0 || after === "wrap-up") {
      this.setState(after, after === "away" ? "after-call" : null);
      if (after === "wrap-up" && callId !== undefined) this.wrapCall = { callId, since: this.status.since };
      else if (callId !== undefined) this.onWrapUpEnded.execute(callId, 0);
      return;
    }
    this.setState("wrap-up", null);
    if (callId !== undefined) this.wrapCall = { callId, since: this.status.since };
    this.wrapTimer = this.clock.setTimeout(() => {
      this.wrapTimer = undefined;
      if (this.status.state === "wrap-up") this.setState(after, after === "away" ? "after-call" : null);
    }, wrapUpSeconds * 1000);
  }

  /**
   * After a restart, an agent found in wrap-up leaves it after `leftMs` for `after` (the timer
   * did not survive the process; its deadline did, as the state's `since`).
   */
  resumeWrapUp(leftMs: number, after: "ready" | "away"): void {
    if (this.status.state !== "wrap-up" || this.wrapTimer) return;
    const leave = () => {
      this.wrapTimer = undefined;
      if (this.status.state === "wrap-up") this.setState(after, after === "away" ? "after-call" : null);
    };
    if (leftMs <= 0) return leave();
    this.wrapTimer = this.clock.setTimeout(leave, leftMs);
  }

  /** Force a state without the rules (crash recovery). */
  reset(state: AgentStateName, reason: string | null): void {
    this.setState(state, reason);
  }

  /** Stop timers. */
  dispose(): void {
    if (this.wrapTimer) this.clock.clearTimeout(this.wrapTimer);
    this.wrapTimer = undefined;
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

  private setState(state: AgentStateName, reason: string | null): void {
    if (this.wrapTimer) {
      this.clock.clearTimeout(this.wrapTimer);
      this.wrapTimer = undefined;
    }
    const prev = this.status.state;
    this.status = { ...this.status, state, reason, since: this.clock.now() };
    this.log.debug({ agent: this.status.loginId, from: prev, to: state, reason }, "agent state");
    this.onChange.execute(this.snapshot, prev);
    const wrap = this.wrapCall;
    if (wrap && state !== "wrap-up") {
      this.wrapCall = undefined;
      this.onWrapUpEnded.execute(wrap.callId, (this.status.since - wrap.since) / 1000);
    }
  }
}
