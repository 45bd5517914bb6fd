import type { Clock, Logger, TimerHandle } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { CallLeg, EndReason, Playback, PromptRef, Telephony } from "../../telephony/index.ts";
import type { AgentMachine } from "../agent/index.ts";
import type { Callbacks } from "../callback/index.ts";
import { hangupByOf, type CallLog, type ConnectedCall, type ConnectedCallParams } from "../calls/index.ts";
import { promptRef, type Flow } from "../ivr/index.ts";
import type { OfferOutcome, TrailRecorder, TrailSteps } from "../trail/index.ts";
import { IN_QUEUE, TRANSITIONS, type QueueEntryState } from "./queue-entry-state.ts";

/** Abandons shorter than this are counted apart (C8). */
export const SHORT_ABANDON_MS = 5000;

/** The caller number of a caller who withheld it (as the SIP layer reports it, T7). */
const WITHHELD = "anonymous";

/** What a queue entry needs from the ACD. */
export interface QueueEntryDeps {
  telephony: Telephony;
  repos: Repos;
  calls: CallLog;
  /** The callback list: one open request per number, keeping the caller's place (C7). */
  callbacks: Callbacks;
  clock: Clock;
  log: Logger;
  /** Where to record the call, or undefined to not record. */
  recordingPath(callId: string, serviceId: string): string | undefined;
  /** The entry left "waiting"/"offering" or needs agents again: re-run dispatch. */
  changed(entry: QueueEntry): void;
  /** Join the caller and the agent who answered (hold, transfer and the call's end live there, C10). */
  connect(p: ConnectedCallParams): ConnectedCall;
  /** The call's decision trail (issue 17 point 3). */
  trail: TrailRecorder;
}

/** Who the entry is. */
export interface QueueEntryParams {
  callId: string;
  serviceId: string;
  queueId: string;
  caller: CallLeg;
  /** Callback allowed in this queue (C7). */
  callback: boolean;
  language: "ko" | "en";
  flow: Flow;
  /** The menu key that chose this queue (logged). */
  key?: string;
}

/**
 * One caller in a queue, from entry to the end of the call (C5–C8, C11): prompts, hold music,
 * delay announcements, callback key, offers to agents, abandon, bridge with recording, wrap-up.
 */
export class QueueEntry {
  state: QueueEntryState = "waiting";
  readonly enteredAt: number;
  private readonly offers = new Map<string, { leg: CallLeg; agent: AgentMachine; at: number }>();
  /** The last offer round written to the trail (its signature) and how many were written (issue 17). */
  lastRound?: string;
  lastRoundAt?: number;
  lastRoundOffered = false;
  rounds = 0;
  private callbackOffered = false;
  private playback?: Playback;
  private delayTimer?: TimerHandle;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    readonly p: QueueEntryParams,
    private readonly d: QueueEntryDeps,
  ) {
    this.enteredAt = d.clock.now();
    d.calls.update(p.callId, { queueId: p.queueId, queuedAt: this.enteredAt });
    this.event("enter");
    const queue = d.repos.queues.get(p.serviceId, p.queueId);
    this.trail("queue", { queueId: p.queueId, queueName: queue?.name ?? p.queueId, callback: p.callback, ...(p.key ? { key: p.key } : {}) });
    d.log.info({ ...this.ids(), key: p.key }, "call queued");
    this.unsubscribe.push(
      p.caller.onDtmf.subscribe((k) => this.onCallerKey(k)),
      p.caller.onEnded.subscribe((r) => this.onCallerEnded(r)),
    );
    this.say(p.flow.prompts.connecting, () => this.offerCallback());
    this.scheduleDelay(p.flow.delayThresholdSeconds);
  }

  /** Still waiting for an agent. */
  get inQueue(): boolean {
    return IN_QUEUE.includes(this.state);
  }

  /** Agents being rung for this caller now. */
  get offered(): string[] {
    return [...this.offers.keys()];
  }

  /** Ring these (ready) agents (C5). */
  offer(agents: readonly AgentMachine[]): void {
    if (!this.inQueue || !agents.length) return;
    const ringTimeoutMs = this.p.flow.ringTimeoutSeconds * 1000;
    for (const agent of agents) {
      agent.offer();
      // codecOf: a G.722 caller is offered to the phone in G.722 first, end to end (M1).
      const leg = this.d.telephony.dialExtension(agent.extension, { callerId: this.p.caller.from, ringTimeoutMs, codecOf: this.p.caller });
      this.offers.set(agent.loginId, { leg, agent, at: this.d.clock.now() });
      this.d.calls.agentLeg(this.p.callId, leg, agent.loginId);
      this.event("offer", agent.loginId);
      this.d.log.info({ ...this.ids(), agent: agent.loginId, extension: agent.extension }, "call offered");
      leg.onAnswered.subscribe(() => this.onAgentAnswered(agent.loginId));
      leg.onEnded.subscribe((r) => this.onAgentEnded(agent.loginId, leg, r));
    }
    const first = this.d.repos.calls.get(this.p.callId);
    if (first && first.offeredAt === null) this.d.calls.update(this.p.callId, { offeredAt: this.d.clock.now() });
    if (this.state === "waiting") {
      this.setState("offering");
      this.playLoop({ kind: "tone", tone: "ringback" });
    }
  }

  /** End the wait (shutdown): the caller is told goodbye and the entry fails. */
  fail(): void {
    if (!this.inQueue) return;
    this.withdrawOffers();
    this.setState("failed");
    this.d.calls.finish(this.p.callId, { result: "failed", hangupBy: "system", waitSeconds: this.waitSeconds() });
    this.p.caller.hangup("shutdown");
  }

  private onCallerKey(key: string): void {
    if (!this.inQueue || !this.p.callback || key !== this.p.flow.callbackKey) return;
    if (this.p.caller.from === WITHHELD) {
      // No number to call back (T7): the caller hears why and keeps their place in the queue.
      this.d.log.info({ ...this.ids() }, "callback refused: the caller withheld the number");
      this.trail("callback", { kind: "refused-withheld" });
      this.say(this.p.flow.prompts.invalidInput, () => this.hold());
      return;
    }
    this.withdrawOffers();
    this.setState("callback");
    // The request keeps the caller's place in the line; a number with an open request keeps that one.
    const { request: cb, created } = this.d.callbacks.request({
      serviceId: this.p.serviceId, queueId: this.p.queueId, callId: this.p.callId, number: this.p.caller.from, placeAt: this.enteredAt,
    });
    this.event("callback", undefined, String(cb.id));
    this.trail("callback", { kind: "requested", callbackId: String(cb.id) });
    this.d.log.info({ ...this.ids(), callbackId: cb.id, created }, "callback requested");
    this.d.calls.finish(this.p.callId, { result: "callback", hangupBy: "system", waitSeconds: this.waitSeconds() });
    this.say(this.p.flow.prompts.callbackAccepted, () => this.p.caller.hangup("bye"));
  }

  private onCallerEnded(reason: EndReason): void {
    if (this.inQueue) {
      this.withdrawOffers();
      this.setState("abandoned");
      const wait = this.waitSeconds();
      this.event("abandon", undefined, wait * 1000 < SHORT_ABANDON_MS ? "short" : undefined);
      this.d.calls.waitEnded({ ...this.ids(), result: "abandoned", seconds: wait });
      this.d.calls.finish(this.p.callId, { result: "abandoned", hangupBy: hangupByOf(reason, "caller"), waitSeconds: wait });
    }
    this.dispose();
  }

  private onAgentAnswered(loginId: string): void {
    const o = this.offers.get(loginId);
    if (!o) return;
    if (this.state !== "offering") {
      o.leg.hangup("cancel");
      return;
    }
    this.offers.delete(loginId);
    this.offerResult(loginId, o.at, "answered");
    this.withdrawOffers();
    this.setState("connected");
    this.clearDelay();
    this.playback?.stop();
    o.agent.connected();
    this.d.calls.legAnswered(o.leg.id);
    const now = this.d.clock.now();
    const recordTo = this.d.recordingPath(this.p.callId, this.p.serviceId);
    const flow = this.p.flow;
    const call = this.d.connect({
      callId: this.p.callId, serviceId: this.p.serviceId, queueId: this.p.queueId, customer: this.p.caller, customerNumber: this.p.caller.from,
      agentLeg: o.leg, agent: o.agent, answeredAt: now, recordTo, language: this.p.language, settings: () => flow,
    });
    this.event("answer", loginId);
    const waitSeconds = this.waitSeconds();
    this.d.log.info({ ...this.ids(), agent: loginId, waitSeconds }, "call answered");
    this.d.calls.waitEnded({ ...this.ids(), result: "answered", seconds: waitSeconds });
    this.d.calls.update(this.p.callId, {
      answeredAt: now, agent: loginId, waitSeconds, recordingPath: call.bridge.recordingPath ?? recordTo ?? null,
    });
  }

  private onAgentEnded(loginId: string, leg: CallLeg, reason: EndReason): void {
    this.d.calls.legEnded(leg.id, reason);
    const o = this.offers.get(loginId);
    if (!o) return;
    this.offers.delete(loginId);
    // An offer refused at once to a phone with no live registration: unreachable, not a missed call (issue 17).
    const registration = (reason.cause === "rejected" || reason.cause === "failed") && this.d.clock.now() - o.at < 200 ? this.registration(o.agent.extension) : undefined;
    const unregistered = registration !== undefined && !registration.live;
    const noAnswer = !unregistered && (reason.cause === "timeout" || reason.cause === "rejected" || reason.cause === "busy");
    this.event("no-answer", loginId, reason.cause);
    this.d.log.info({ ...this.ids(), agent: loginId, cause: reason.cause }, "offer not answered");
    const away = noAnswer ? "no-answer" : "unreachable";
    const outcome: OfferOutcome = unregistered ? "not-registered"
      : reason.cause === "timeout" ? "no-answer" : reason.cause === "rejected" || reason.cause === "busy" ? reason.cause : "unreachable";
    const expired = registration?.expiredAt !== undefined ? `registration expired ${registration.expiredAt}` : undefined;
    this.offerResult(loginId, o.at, outcome, o.agent.state === "ringing" ? `away:${away}` : undefined, expired ?? reason.cause);
    o.agent.missed(away);
    if (this.state === "offering" && this.offers.size === 0) {
      this.setState("waiting");
      this.hold();
      this.d.changed(this);
    }
  }

  /** Cancel every ringing offer; the agents go back to ready. */
  private withdrawOffers(): void {
    for (const [loginId, o] of this.offers) {
      this.offers.delete(loginId);
      this.offerResult(loginId, o.at, "withdrawn");
      o.leg.hangup("cancel");
      o.agent.withdrawn();
    }
  }

  private scheduleDelay(seconds: number): void {
    this.delayTimer = this.d.clock.setTimeout(() => {
      if (!this.inQueue) return;
      if (this.state === "waiting") {
        this.event("delay");
        this.say(this.p.flow.prompts.delay, () => this.offerCallback());
      }
      this.scheduleDelay(this.p.flow.delayRepeatSeconds);
    }, seconds * 1000);
  }

  private clearDelay(): void {
    if (this.delayTimer) this.d.clock.clearTimeout(this.delayTimer);
    this.delayTimer = undefined;
  }

  /**
   * C7: in a queue that takes callbacks, the callback offer follows the "connecting" prompt and
   * every delay announcement, naming the key that works; then the caller hears hold music again.
   * Not offered to a caller who withheld the number (there is nothing to call back).
   */
  private offerCallback(): void {
    if (this.p.callback && this.p.caller.from !== WITHHELD) {
      if (!this.callbackOffered) this.trail("callback", { kind: "offered" });
      this.callbackOffered = true;
      this.say(this.p.flow.prompts.callbackOffer, () => this.hold());
    } else this.hold();
  }

  /** Hold music while waiting, ringback while an agent rings (M7). */
  private hold(): void {
    if (this.state === "waiting") this.playLoop({ kind: "tone", tone: "hold" });
    else if (this.state === "offering") this.playLoop({ kind: "tone", tone: "ringback" });
  }

  private say(id: string, then: () => void): void {
    const pb = this.p.caller.play(promptRef(id, this.p.language, this.p.serviceId));
    this.playback = pb;
    void pb.done.then((o) => {
      if (o === "finished" && this.playback === pb) then();
    });
  }

  private playLoop(ref: PromptRef): void {
    this.playback = this.p.caller.play(ref, { loop: true });
  }

  /** The fields every log line of this call carries. */
  private ids(): { callId: string; serviceId: string; queueId: string } {
    return { callId: this.p.callId, serviceId: this.p.serviceId, queueId: this.p.queueId };
  }

  private waitSeconds(): number {
    return (this.d.clock.now() - this.enteredAt) / 1000;
  }

  private event(event: "enter" | "offer" | "no-answer" | "answer" | "abandon" | "callback" | "delay", agent?: string, detail?: string): void {
    this.d.calls.event({ callId: this.p.callId, serviceId: this.p.serviceId, queueId: this.p.queueId, event, agent, detail });
  }

  /** Does the extension have a live registration (a phone the offer can reach), else when did the last one expire? */
  private registration(extension: string): { live: boolean; expiredAt?: number } {
    const now = this.d.clock.now();
    const bindings = this.d.repos.bindings.list(extension);
    if (bindings.some((b) => b.expiresAt > now)) return { live: true };
    const last = Math.max(...bindings.map((b) => b.expiresAt));
    return bindings.length ? { live: false, expiredAt: last } : { live: false };
  }

  private offerResult(loginId: string, at: number, outcome: OfferOutcome, then?: string, cause?: string): void {
    const seconds = Math.round((this.d.clock.now() - at) / 100) / 10;
    this.trail("offer", { loginId, outcome, seconds, ...(then ? { then } : {}), ...(cause ? { cause } : {}) }, loginId);
  }

  private trail<S extends "queue" | "offer" | "callback">(step: S, detail: TrailSteps[S], agent?: string): void {
    this.d.trail.step(this.p.callId, this.p.serviceId, step, detail, agent);
  }

  private setState(next: QueueEntryState): void {
    if (!TRANSITIONS[this.state].includes(next)) {
      this.d.log.warn({ callId: this.p.callId, from: this.state, to: next }, "queue entry: refused transition");
      return;
    }
    const prev = this.state;
    this.state = next;
    this.d.log.debug({ callId: this.p.callId, from: prev, to: next }, "queue entry state");
    if (!this.inQueue) {
      this.clearDelay();
      this.d.changed(this);
    }
  }

  private dispose(): void {
    this.clearDelay();
    for (const u of this.unsubscribe.splice(0)) u();
  }
}
