import { timeOrderedId, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import type { CallbackRequest, Repos, Service, Trunk } from "../../store/index.ts";
import type { Bridge, CallLeg, EndReason, Telephony } from "../../telephony/index.ts";
import type { AgentBoard, AgentMachine } from "../agent/index.ts";
import type { Callbacks } from "../callback/index.ts";
import {
  BUSY_TONE, CONGESTION_TONE, RINGBACK, type AgentCall, type AgentCalls, type CallLog, type ConnectedCall, type ConnectedCallParams,
} from "../calls/index.ts";
import type { Flow } from "../ivr/index.ts";
import type { DialHow, TrailRecorder } from "../trail/index.ts";
import { cleanDialString, failsOver, trunksFor, TrunksBusyError, type TrunkLoad } from "../routing/index.ts";
import { DESK_CAUSE, dialFailure, REFUSAL_PHRASE, trunkTarget } from "./dial-rules.ts";
import { CapReachedError, type OutboundCaps } from "./outbound-caps.ts";
import { admitWithFacts, OutboundTrail, ruleFact, type DialFacts, type TrunkAttempt } from "./outbound-trail.ts";

export interface OutboundDeps {
  telephony: Telephony;
  repos: Repos;
  agents: AgentBoard;
  clock: Clock;
  log: Logger;
  /** Closes the record (logs "call ended", counts it). */
  calls: CallLog;
  flow(serviceId: string): Flow;
  recordingPath(callId: string, serviceId: string): string | undefined;
  /** Which call each agent is on (the console's hang-up finds a dial still ringing here). */
  registry: AgentCalls;
  /** Join the far end and the agent once the far end answers. */
  connect(p: ConnectedCallParams): ConnectedCall;
  callbacks: Callbacks;
  /** Outbound calls alive through each trunk, against its cap (T7). */
  trunkLoad: TrunkLoad;
  /** Outbound minute caps per trunk and extension (issue 16 point 6); none when absent. */
  caps?: OutboundCaps;
  /** The calls' decision trails (issue 17 point 3); none when absent. */
  trail?: TrailRecorder;
}

/** How long the far end may ring before the appliance gives up. */
const FAR_RING_MS = 60_000;
/** How long the agent's own phone may ring when the console dials. */
const AGENT_RING_MS = 30_000;
/** How long the agent hears the busy or congestion tone before the leg ends. */
const TONE_MS = 4000;

/**
 * An agent dialled an outside number from a desk phone (C9, T7): international and premium numbers
 * are refused; otherwise the call leaves through the service's trunk with the service's caller ID.
 * The phone's INVITE gets 180 (its own ringback) and is answered only when the far end answers; a
 * failure answers it with the matching status, so the phone plays busy or its error tone (issue 15).
 */
export function placeOutboundCall(d: OutboundDeps, agentLeg: CallLeg, extension: string, number: string): void {
  const agent = d.agents.byExtension(extension);
  const service = agent ? d.repos.services.get(agent.serviceId) : undefined;
  if (!agent || !service) return agentLeg.hangup("rejected");
  const rules = d.repos.outboundCaps.rules(service.serviceId);
  const rule = ruleFact(number, rules, d.flow(service.serviceId), d.clock.now(), service.timezone);
  if (rule.refusal) {
    // No record: the phone's INVITE is refused (403) and the log names the rule.
    d.log.warn({ extension, number, refusal: rule.refusal }, "refused an outbound number");
    return agentLeg.hangup("rejected", REFUSAL_PHRASE[rule.refusal]);
  }
  const all = trunksFor(d.repos.trunks.list(), service.serviceId);
  if (!all.length || agent.busy) return agentLeg.hangup(agent.busy ? "busy" : "failed");
  let admitted: ReturnType<typeof admitWithFacts>;
  try {
    admitted = admitWithFacts(d.caps, d.trunkLoad, service.serviceId, agent.loginId, number, all);
  } catch (e) {
    if (!(e instanceof CapReachedError)) throw e;
    d.log.warn({ extension, number, cap: e.reached.scope, window: e.reached.window }, "refused an outbound call: a minute cap is reached");
    return agentLeg.hangup("rejected", REFUSAL_PHRASE[e.reached.scope]);
  }
  if (!admitted.trunks.some((t) => d.trunkLoad.hasRoom(t))) {
    d.log.warn({ extension, number, serviceId: service.serviceId }, "refused an outbound call: every trunk is at its cap of concurrent calls");
    return agentLeg.hangup("busy", REFUSAL_PHRASE.trunksBusy);
  }
  const callback = openCallbackFor(d, service.serviceId, number);
  const facts: DialFacts = { origin: "desk", rule, caps: admitted.facts };
  new OutboundCall(d, agent, service, number, admitted.trunks, facts, callback?.id).fromDesk(agentLeg);
}

/**
 * The console (or the API) dials for an agent (C9, A4): the appliance rings the agent's phone first,
 * then calls `number` through the trunk while the agent hears ringback. The one door has checked the
 * number, the agent and the trunk. Returns the new call's id.
 */
export function dialForAgent(d: OutboundDeps, agent: AgentMachine, number: string, callbackId?: number, how: DialHow = { origin: "console" }): string {
  const service = d.repos.services.get(agent.serviceId);
  const all = service ? trunksFor(d.repos.trunks.list(), service.serviceId) : [];
  if (!service || !all.length) throw new Error("dialForAgent: no service or trunk (checked by the one door)");
  // Refused before the agent's phone rings: the one door answers with its message (T7, issue 16 point 6).
  const { trunks, facts: caps } = admitWithFacts(d.caps, d.trunkLoad, service.serviceId, agent.loginId, number, all);
  if (!trunks.some((t) => d.trunkLoad.hasRoom(t))) throw new TrunksBusyError(service.serviceId);
  const rule = ruleFact(number, d.repos.outboundCaps.rules(service.serviceId), d.flow(service.serviceId), d.clock.now(), service.timezone);
  const call = new OutboundCall(d, agent, service, number, trunks, { ...how, rule, caps }, callbackId);
  call.fromConsole();
  return call.callId;
}

/** The open callback request of a service for this number, if any (a call back from a desk phone links to it, C7). */
function openCallbackFor(d: OutboundDeps, serviceId: string, number: string): CallbackRequest | undefined {
  const n = cleanDialString(number);
  return d.repos.callbacks.list(serviceId).find((c) => c.state === "requested" && cleanDialString(c.number) === n);
}

/** One outbound call until the far end answers (then a ConnectedCall carries it) or the dial fails. */
class OutboundCall implements AgentCall {
  readonly callId = timeOrderedId("c");
  connected?: ConnectedCall;
  private agentLeg?: CallLeg;
  private far?: CallLeg;
  /** The record is closed (the dial failed or the agent gave up). */
  private closed = false;
  private byConsole = false;
  private toneTimer?: TimerHandle;
  /** The far end's early media relayed to the agent until it answers or fails (issue 15, RFC 3960). */
  private early?: Bridge;
  private readonly startedAt: number;
  private readonly before: { state: string; reason: string | null };
  /** The call's decision trail (issue 17 point 3) and the trunk attempt under way. */
  private readonly trail: OutboundTrail;
  private attempt?: TrunkAttempt;

  constructor(
    private readonly d: OutboundDeps,
    private readonly agent: AgentMachine,
    private readonly service: Service,
    private readonly number: string,
    /** The service's trunks in order; a failed attempt moves on to the next (T7). */
    private readonly trunks: Trunk[],
    facts: DialFacts,
    private readonly callbackId?: number,
  ) {
    this.startedAt = d.clock.now();
    this.before = { state: agent.state, reason: agent.snapshot.reason };
    d.repos.calls.create({
      callId: this.callId, serviceId: service.serviceId, direction: "outbound", from: this.callerId, to: number, sipCallId: null,
      startedAt: this.startedAt, queueId: null, queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, agent: agent.loginId,
      hangupBy: null, result: null, recordingPath: null, waitSeconds: null, talkSeconds: null, type: null,
    });
    d.log.info({ callId: this.callId, serviceId: service.serviceId, agent: agent.loginId, number, callbackId }, "outbound call placed");
    this.trail = new OutboundTrail(d.trail, this.callId, service.serviceId, d.clock);
    const cb = callbackId !== undefined ? { callbackId } : {};
    this.trail.step("dial", { origin: facts.origin, loginId: agent.loginId, extension: agent.extension, dialled: facts.dialled ?? number, sent: number, ...cb });
    this.trail.step("rule", facts.rule);
    this.trail.step("caps", facts.caps);
    this.trail.step("callerId", { number: this.callerId, source: service.callerId ? "caller-id" : "service-number" });
    agent.dialing();
    d.caps?.placed(this.callId, service.serviceId, agent.loginId, trunks.map((t) => t.trunkId));
    d.registry.set(agent, this);
    if (callbackId !== undefined) this.callback((cb) => cb.dialled(service.serviceId, callbackId, agent.loginId, this.callId));
  }

  private get callerId(): string {
    return this.service.callerId || this.service.number;
  }

  /** The agent's desk phone sent the INVITE: ring it (180) and call the far end at once. */
  fromDesk(leg: CallLeg): void {
    this.agentLeg = leg;
    this.d.calls.update(this.callId, { sipCallId: leg.callId });
    this.watchAgentLeg(leg);
    leg.ring();
    this.dialFar();
  }

  /** The console asked: ring the agent's phone; once answered, ringback and the far end. */
  fromConsole(): void {
    const leg = this.d.telephony.dialExtension(this.agent.extension, { callerId: this.number, ringTimeoutMs: AGENT_RING_MS });
    this.agentLeg = leg;
    this.watchAgentLeg(leg);
    leg.onAnswered.subscribe(() => {
      if (this.closed) return;
      leg.play(RINGBACK, { loop: true });
      this.dialFar();
    });
  }

  /** The console's hang-up while the far end rings (or the failure tone plays). */
  hangup(): void {
    this.byConsole = true;
    const leg = this.agentLeg;
    if (leg && leg.state !== "ended") leg.hangup(leg.state === "answered" ? "bye" : "cancel");
  }

  private watchAgentLeg(leg: CallLeg): void {
    this.addLeg(leg, "agent", this.agent.extension);
    leg.onAnswered.subscribe(() => this.d.calls.legAnswered(leg.id));
    leg.onEnded.subscribe((r) => {
      this.d.calls.legEnded(leg.id, r);
      if (!this.connected) this.agentGone(r);
    });
  }

  /** Call the far end through the next trunk with room; `last` is how the attempt before ended. */
  private dialFar(last?: EndReason): void {
    const trunk = this.d.trunkLoad.take(this.trunks);
    if (!trunk) {
      this.d.log.warn({ callId: this.callId, number: this.number }, "no trunk left for an outbound call (failed or at their caps)");
      this.trail.step("noTrunk", { skipped: this.trunks.map((t) => t.name) });
      return this.farFailed(last ?? { by: "system", cause: "failed", status: 503 });
    }
    // Those before the trunk taken were full; those after it stay for a failover.
    const skipped = this.trunks.splice(0, this.trunks.indexOf(trunk) + 1).slice(0, -1);
    this.d.caps?.through(this.callId, trunk.trunkId);
    const target = trunkTarget(trunk);
    const far = this.d.telephony.dialOut(this.number, { callerId: this.callerId, trunk: target, ringTimeoutMs: FAR_RING_MS });
    const attempt = this.trail.attempt(trunk, skipped, target, far);
    this.attempt = attempt;
    this.far = far;
    if (this.agentLeg?.direction !== "inbound") this.d.calls.update(this.callId, { sipCallId: far.callId || null });
    this.addLeg(far, "caller", this.number);
    far.onAnswered.subscribe(() => this.farAnswered(far));
    far.onEarlyMedia?.subscribe(() => this.farEarlyMedia(far));
    far.onEnded.subscribe((r) => {
      this.stopEarlyMedia();
      this.d.trunkLoad.release(trunk.trunkId);
      this.d.calls.legEnded(far.id, r);
      if (this.connected || this.closed) return attempt.settle("failed", r);
      const next = failsOver(r) && this.trunks.length > 0 && this.agentLeg?.state !== "ended";
      attempt.settle(next ? "next" : "failed", r);
      if (next) {
        this.d.log.info({ callId: this.callId, trunk: trunk.trunkId, status: r.status, cause: r.cause }, "trunk failed, trying the next");
        return this.dialFar(r);
      }
      this.farFailed(r);
    });
  }

  /**
   * The far end sent early media (183 with SDP: its ringback or an announcement): the agent hears it instead of
   * our ringback. A desk phone's INVITE gets a 183 with our answer first; the console's leg is already answered.
   */
  private farEarlyMedia(far: CallLeg): void {
    const agentLeg = this.agentLeg;
    if (this.closed || this.connected || this.early || far !== this.far || !agentLeg || agentLeg.state === "ended") return;
    if (agentLeg.direction === "inbound" ? !agentLeg.progress?.() : agentLeg.state !== "answered") return;
    this.early = this.d.telephony.bridge(far, agentLeg);
    this.attempt?.earlyMedia();
    this.d.log.info({ callId: this.callId, agent: this.agent.loginId }, "the far end's early media relayed to the agent");
  }

  private stopEarlyMedia(): void {
    this.early?.stop();
    this.early = undefined;
  }

  private farAnswered(far: CallLeg): void {
    this.stopEarlyMedia();
    this.d.caps?.settled(this.callId);
    const agentLeg = this.agentLeg;
    if (this.closed || !agentLeg) return far.hangup("bye");
    this.attempt?.settle("answered");
    this.trail.step("far", { result: "answered", seconds: this.seconds() });
    this.d.calls.legAnswered(far.id);
    // A desk phone's INVITE is answered only now that the far end has (issue 15).
    if (agentLeg.direction === "inbound") void agentLeg.answer();
    const now = this.d.clock.now();
    const { serviceId } = this.service;
    const recordTo = this.d.recordingPath(this.callId, serviceId);
    this.connected = this.d.connect({
      callId: this.callId, serviceId, queueId: null, customer: far, customerNumber: this.number, agentLeg, agent: this.agent,
      answeredAt: now, recordTo, language: this.service.language === "ko" ? "ko" : "en", settings: () => this.d.flow(serviceId),
    });
    this.d.calls.update(this.callId, {
      answeredAt: now, waitSeconds: (now - this.startedAt) / 1000, recordingPath: this.connected.bridge.recordingPath ?? recordTo ?? null,
    });
    this.agent.connected();
    if (this.callbackId !== undefined) this.callback((cb) => cb.complete(serviceId, this.callbackId!, this.agent.loginId, this.callId));
    this.d.log.info({ callId: this.callId, serviceId, agent: this.agent.loginId }, "call answered");
  }

  /** Busy, no answer, refused or unreachable: a distinct result, a tone for the agent, the agent freed. */
  private farFailed(reason: EndReason): void {
    this.stopEarlyMedia();
    this.d.caps?.settled(this.callId);
    if (this.closed) return;
    this.closed = true;
    const result = dialFailure(reason);
    this.trail.step("far", { result, ...(reason.status !== undefined ? { status: reason.status } : {}), seconds: this.seconds() });
    this.d.calls.finish(this.callId, { result, hangupBy: reason.by === "remote" ? "caller" : "system", talkSeconds: 0 });
    if (this.callbackId !== undefined) this.callback((cb) => cb.unanswered(this.service.serviceId, this.callbackId!, this.agent.loginId, this.callId));
    this.d.log.info({ callId: this.callId, agent: this.agent.loginId, result, status: reason.status }, "outbound call not answered");
    const leg = this.agentLeg;
    if (!leg || leg.state === "ended") return this.release();
    if (leg.direction === "inbound" && leg.state !== "answered") return leg.hangup(DESK_CAUSE[result]);
    leg.play(result === "busy" ? BUSY_TONE : CONGESTION_TONE, { loop: true });
    this.toneTimer = this.d.clock.setTimeout(() => leg.hangup("bye"), TONE_MS);
  }

  /** The agent's leg ended before the far end answered. */
  private agentGone(reason: EndReason): void {
    this.stopEarlyMedia();
    if (!this.connected) this.d.caps?.settled(this.callId);
    if (this.toneTimer) this.d.clock.clearTimeout(this.toneTimer);
    if (!this.closed) {
      this.closed = true;
      const far = this.far;
      // Written before the record closes (its end step comes last): the attempt cut short, the agent's side first.
      this.attempt?.settle("failed", { by: "local", cause: "cancel" });
      this.trail.step("far", { result: far ? "agent-hung-up" : "agent-unanswered", seconds: this.seconds() });
      far?.hangup("cancel");
      const hangupBy = this.byConsole || reason.by === "remote" ? "agent" : "system";
      // The far end was ringing: nobody answered before the agent gave up. Else the agent's phone never answered.
      this.d.calls.finish(this.callId, { result: far ? "no-answer" : "failed", hangupBy, talkSeconds: 0 });
    }
    this.release();
  }

  /** Seconds since the call was placed, to a tenth. */
  private seconds(): number {
    return Math.round((this.d.clock.now() - this.startedAt) / 100) / 10;
  }

  /** Back to the state before dialling (ready, away or wrap-up); no longer "my call". */
  private release(): void {
    this.d.registry.clear(this.agent, this);
    if (this.agent.state !== "dialing") return;
    const prev = this.before.state;
    if (prev === "away" || prev === "wrap-up") this.agent.reset(prev, this.before.reason);
    else this.agent.reset("ready", null);
  }

  private addLeg(leg: CallLeg, role: "caller" | "agent", party: string): void {
    this.d.repos.calls.addLeg({
      legId: leg.id, callId: this.callId, role, party, agent: role === "agent" ? this.agent.loginId : null, createdAt: this.d.clock.now(),
      answeredAt: null, endedAt: null, endBy: null, endCause: null,
    });
  }

  /** A change to the linked callback request; one closed meanwhile by someone else is left alone. */
  private callback(change: (cb: Callbacks) => unknown): void {
    try {
      change(this.d.callbacks);
    } catch (e) {
      this.d.log.info({ callId: this.callId, callbackId: this.callbackId, err: String(e) }, "callback request not changed");
    }
  }
}
