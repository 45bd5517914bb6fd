import { Event, type Clock, type Logger } from "../../lib/index.ts";
import type { QueueEventKind } from "../../store/index.ts";
import type { Bridge, CallLeg, EndReason, PromptRef, Telephony } from "../../telephony/index.ts";
import { callEndCause, type AgentMachine } from "../agent/index.ts";
import type { AgentCall, AgentCalls } from "./agent-calls.ts";
import { hangupByOf, type CallLog } from "./call-log.ts";
import { HOLD_MUSIC } from "./call-sounds.ts";
import { Handover } from "./handover.ts";

/**
 * A customer bridged to an agent, inbound (from a queue) or outbound (C10, M7, C11):
 *
 *   talking ──hold (console, desk phone, customer's phone)──▶ held ──resume──▶ talking
 *   talking | held ──transfer──▶ transferring ──the next agent answers──▶ talking
 *   talking | held ──consult──▶ consulting ──complete──▶ talking (the other agent) │ cancel ──▶ talking
 *   any ──either side hangs up──▶ ended
 */
export type ConnectedState = "talking" | "held" | "transferring" | "consulting" | "ended";

/** The G9 work settings a call follows, read when they are needed (the flow may change meanwhile). */
export interface CallSettings {
  wrapUpSeconds: number;
  stateAfterCall: "ready" | "away" | "wrap-up";
  ringTimeoutSeconds: number;
}

export interface ConnectedCallParams {
  callId: string;
  serviceId: string;
  /** The queue of an inbound call; null for outbound calls (their events go under ""). */
  queueId: string | null;
  customer: CallLeg;
  /** The customer's number as an agent's phone should show it. */
  customerNumber: string;
  agentLeg: CallLeg;
  agent: AgentMachine;
  /** When the customer and the first agent were joined (talk time counts from here). */
  answeredAt: number;
  recordTo?: string;
  language: "ko" | "en";
  settings(): CallSettings;
}

export interface ConnectedCallDeps {
  telephony: Telephony;
  calls: CallLog;
  clock: Clock;
  log: Logger;
  registry: AgentCalls;
}

/** One connected call: the bridge, hold with music from any side, hand-over to another agent, and its end. */
export class ConnectedCall implements AgentCall {
  readonly onEnded = new Event<[]>();
  readonly bridge: Bridge;
  private _state: ConnectedState = "talking";
  private _agent?: AgentMachine;
  private _agentLeg?: CallLeg;
  private heldVia?: "console" | "phone" | "caller";
  private handover?: Handover;
  private agentSubs: (() => void)[] = [];
  private endedByConsole = false;

  constructor(
    readonly p: ConnectedCallParams,
    readonly d: ConnectedCallDeps,
  ) {
    // A party that vanishes (media timeout, issue 15): the other hears the service's goodbye before the BYE.
    const lossAnnouncement: PromptRef = { kind: "prompt", id: "goodbye", language: p.language, serviceId: p.serviceId };
    this.bridge = d.telephony.bridge(p.customer, p.agentLeg, p.recordTo ? { recordTo: p.recordTo, lossAnnouncement } : { lossAnnouncement });
    p.customer.onEnded.subscribe((r) => this.end("caller", r));
    p.customer.onRemoteHold?.subscribe((held) => this.remoteHold("caller", held));
    this.attach(p.agent, p.agentLeg);
  }

  get callId(): string {
    return this.p.callId;
  }
  get connected(): ConnectedCall {
    return this;
  }
  get state(): ConnectedState {
    return this._state;
  }
  /** The agent on the call now (none while a blind transfer rings the next one). */
  get agent(): AgentMachine | undefined {
    return this._agent;
  }
  get agentLeg(): CallLeg | undefined {
    return this._agentLeg;
  }
  /** The agent being rung or consulted, while a hand-over is under way. */
  get target(): AgentMachine | undefined {
    return this.handover?.target;
  }
  /** True while a consultation's other agent has answered (complete is possible). */
  get consultAnswered(): boolean {
    return this._state === "consulting" && (this.handover?.answered ?? false);
  }

  /** The console's hold: the customer hears hold music at once, the agent's phone gets a=sendonly. */
  hold(): void {
    if (this._state !== "talking") return;
    this.holdFor("console");
    this._agentLeg?.hold().catch((e: unknown) => this.d.log.warn({ callId: this.callId, err: String(e) }, "hold re-INVITE failed"));
  }

  /** Back to two-way audio through the bridge. */
  resume(): void {
    if (this._state !== "held") return;
    const via = this.heldVia;
    this.unhold();
    if (via === "console") this._agentLeg?.resume().catch((e: unknown) => this.d.log.warn({ callId: this.callId, err: String(e) }, "resume re-INVITE failed"));
  }

  /** Blind transfer (C10): the customer hears ringback while `target` rings; the agent is freed at once. */
  transfer(target: AgentMachine): void {
    if (this._state !== "talking" && this._state !== "held") return;
    this.startHandover(target, "blind");
  }

  /** Consultative transfer: the customer hears hold music while the agent talks to `target`. */
  consult(target: AgentMachine): void {
    if (this._state !== "talking" && this._state !== "held") return;
    if (this.heldVia === "console") this._agentLeg?.resume().catch(() => {});
    this.startHandover(target, "consult");
  }

  /** The consulted agent takes the customer; the first agent is freed. */
  completeConsult(): void {
    if (this.consultAnswered) this.handover!.complete();
  }

  /** Back to the customer; the consulted agent's leg ends. */
  cancelConsult(): void {
    if (this._state === "consulting") this.handover!.cancel();
  }

  /** The console's hang-up: ends the call (the agent ended it). */
  hangup(): void {
    this.endedByConsole = true;
    if (this._agentLeg) this._agentLeg.hangup("bye");
    else this.end("agent", { by: "local", cause: "bye" });
  }

  // ---- for Handover ----

  /** Keep the customer waiting with `music` while nobody talks to them. */
  holdCustomer(music: PromptRef, state: "transferring" | "consulting"): void {
    this.bridge.hold(this.p.customer, music);
    this._state = state;
    this.heldVia = undefined;
  }

  /** The agent leaves the call (transferred): leg hung up, wrap-up per G9, no longer "my call". */
  releaseAgent(): void {
    const agent = this._agent;
    const leg = this._agentLeg;
    for (const u of this.agentSubs.splice(0)) u();
    this._agent = undefined;
    this._agentLeg = undefined;
    this.bridge.replaceAgent(undefined);
    if (leg) {
      leg.hangup("bye");
      this.d.calls.legEnded(leg.id, { by: "local", cause: "transferred" });
    }
    if (agent) {
      this.d.registry.clear(agent, this);
      const s = this.p.settings();
      agent.callEnded(s.wrapUpSeconds, s.stateAfterCall, this.callId, "call: transferred");
    }
  }

  /** `agent` answered on `leg`: joined to the customer. */
  takeOver(agent: AgentMachine, leg: CallLeg): void {
    this.handover = undefined;
    this.bridge.replaceAgent(leg);
    this.bridge.resume();
    this.attach(agent, leg);
  }

  /** A consultation ended without a transfer: the agent and the customer talk again. */
  handoverEnded(): void {
    this.handover = undefined;
    if (this._state === "ended") return;
    this._state = "talking";
    this.bridge.resume();
    this.event("resume", this._agent?.loginId, "consult");
  }

  /** Nobody took the customer: a goodbye, then the call ends. */
  giveUp(): void {
    this.handover = undefined;
    this.bridge.stop(); // first: stopping the bridge stops whatever the customer hears
    const pb = this.p.customer.play({ kind: "prompt", id: "goodbye", language: this.p.language, serviceId: this.p.serviceId });
    void pb.done.then(() => this.end("system", { by: "system", cause: "failed" }));
  }

  /** Append to the call's event log (C11): hold, resume, transfer, answer. */
  event(event: QueueEventKind, agent?: string, detail?: string): void {
    this.d.calls.event({ callId: this.callId, serviceId: this.p.serviceId, queueId: this.p.queueId ?? "", event, agent, detail });
  }

  // ---- inside ----

  private startHandover(target: AgentMachine, kind: "blind" | "consult"): void {
    this.handover = new Handover(this, target, kind);
    this.handover.start();
  }

  private attach(agent: AgentMachine, leg: CallLeg): void {
    this._agent = agent;
    this._agentLeg = leg;
    this._state = "talking";
    this.heldVia = undefined;
    this.agentSubs = [leg.onEnded.subscribe((r) => this.agentLegEnded(leg, r))];
    const hold = leg.onRemoteHold?.subscribe((held) => this.remoteHold("phone", held));
    if (hold) this.agentSubs.push(hold);
    this.d.registry.set(agent, this);
  }

  private agentLegEnded(leg: CallLeg, reason: EndReason): void {
    if (leg !== this._agentLeg) return;
    // Hanging up after the consulted agent answered hands the customer over (attended transfer).
    if (this.consultAnswered && !this.endedByConsole) return this.handover!.complete();
    this.end("agent", reason);
  }

  /** A re-INVITE from the agent's desk phone or the customer's phone held (or resumed) the call (T8, M7). */
  private remoteHold(via: "phone" | "caller", held: boolean): void {
    if (held && this._state === "talking") this.holdFor(via);
    else if (!held && this._state === "held" && this.heldVia === via) this.unhold();
  }

  private holdFor(via: "console" | "phone" | "caller"): void {
    const listener = via === "caller" ? this._agentLeg : this.p.customer;
    if (!listener) return;
    this.bridge.hold(listener, HOLD_MUSIC);
    this._state = "held";
    this.heldVia = via;
    this.event("hold", this._agent?.loginId, via);
    this.d.log.info({ callId: this.callId, agent: this._agent?.loginId, via }, "call held");
  }

  private unhold(): void {
    this.bridge.resume();
    this._state = "talking";
    this.event("resume", this._agent?.loginId, this.heldVia);
    this.heldVia = undefined;
    this.d.log.info({ callId: this.callId, agent: this._agent?.loginId }, "call resumed");
  }

  private end(side: "caller" | "agent" | "system", reason: EndReason): void {
    if (this._state === "ended") return;
    this._state = "ended";
    this.handover?.abort();
    this.handover = undefined;
    this.bridge.stop();
    // Talk time ends with the last packet of a party that vanished, not when the media timeout noticed (issue 15).
    const talkSeconds = Math.max(0, this.d.clock.now() - this.p.answeredAt - (reason.silentMs ?? 0)) / 1000;
    const hangupBy = side === "system" ? "system" : this.endedByConsole ? "agent" : hangupByOf(reason, side);
    this.d.calls.finish(this.callId, { result: "answered", hangupBy, talkSeconds });
    if (side === "caller") this._agentLeg?.hangup("bye");
    else this.p.customer.hangup("bye");
    for (const u of this.agentSubs.splice(0)) u();
    const agent = this._agent;
    if (agent) {
      this.d.registry.clear(agent, this);
      const s = this.p.settings();
      agent.callEnded(s.wrapUpSeconds, s.stateAfterCall, this.callId, callEndCause(side, reason));
    }
    this.onEnded.execute();
  }
}
