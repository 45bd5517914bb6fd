import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { AppError, type Clock, type Logger } from "../lib/index.ts";
import type { CallFilter, CallLegRecord, CallRecord, CallSort, QueueEvent, Repos, Service } from "../store/index.ts";
import type { CallLeg, EndReason, PromptRef, Telephony } from "../telephony/index.ts";
import { AgentBoard, applyFeatureCode, type AgentMachine, type AgentStatus, type ChosenState } from "./agent/index.ts";
import { AgentCalls, agentTalk, CallLog, ConnectedCall, InternalCalls, type AgentTalk, type ConnectedCallParams } from "./calls/index.ts";
import { CallControl } from "./call-control.ts";
import { type CallbackScheduler, Callbacks } from "./callback/index.ts";
import { automaticCallbacks } from "./automatic-callbacks.ts";
import { recoverAfterRestart } from "./restart-recovery.ts";
import { defaultFlow, resolveMenu, runIvr, type Flow } from "./ivr/index.ts";
import { storedFlow } from "./admin/flow-admin.ts";
import { Acd, type WaitingExplained } from "./queue/index.ts";
import { ivrTrail, TrailRecorder, type DialHow, type TrailEntry } from "./trail/index.ts";
import { dialForAgent, OutboundCaps, placeOutboundCall, type OutboundDeps } from "./outbound/index.ts";
import { TrunkLoad } from "./routing/index.ts";
import {
  centerGauges, liveFigures, localBuckets, SHORT_ABANDON_SECONDS, statsFromSums, withAgentTalk,
  type LiveFigures, type ServiceGauges, type StatsBy, type StatsInterval, type StatsRow,
} from "./stats/index.ts";

/** What the domain is built from (main.ts wires it). */
export interface ContactCenterOptions {
  telephony: Telephony;
  repos: Repos;
  clock: Clock;
  log: Logger;
  /** `<dataDir>/recordings`; calls are recorded to `<yyyy>/<mm>/<callId>.wav` under it. Unset: no recording. */
  recordingsDir?: string;
  /** May this call be recorded (the recordings' disk budget, issue 11)? Absent: always. */
  mayRecord?(callId: string): boolean;
  /** Map a dialled number (a trunk DID) to a service id; falls back to the services' own numbers. */
  routeNumber?(serviceNumber: string): string | undefined;
}

/** A call with its legs and queue events (H1 detail). */
export interface CallDetail extends CallRecord {
  legs: CallLegRecord[];
  events: QueueEvent[];
  /** Talk time per agent: a transferred call is split between its agents (C10). */
  agentTalk: AgentTalk[];
}

const lang = (s: Service): "ko" | "en" => (s.language === "ko" ? "ko" : "en");

/**
 * The contact-center domain: routes inbound calls by number to their service's ARS, queues and
 * agents; exposes agent states, feature codes, call records, callbacks, statistics and live
 * figures to the web layer.
 */
export class ContactCenter {
  readonly agents: AgentBoard;
  readonly acd: Acd;
  readonly callbackList: Callbacks;
  /** Dials open callback requests for services that turn automatic callbacks on (C7). */
  readonly callbackScheduler: CallbackScheduler;
  /** Calls between extensions carried by the SIP proxy (main feeds them in). */
  readonly internalCalls: InternalCalls;
  /** Which call each agent is on (A5). */
  readonly agentCalls = new AgentCalls();
  /** Outbound calls alive through each carrier trunk, against its cap (T7). */
  private readonly trunkLoad = new TrunkLoad();
  /** Outbound minute caps per trunk and extension; `onReached` feeds the webhooks (issue 16 point 6). */
  readonly outboundCaps: OutboundCaps;
  /** Hold, transfer, hang up and dial for the one door (C9, C10, A4, A5). */
  readonly inCall: CallControl;
  /** Every call's decision trail (issue 17 point 3, routing explainer). */
  readonly trail: TrailRecorder;
  private readonly log: Logger;
  private readonly callLog: CallLog;
  private readonly active = new Map<string, { serviceId: string; leg: CallLeg }>();
  private readonly unsubscribe: () => void;

  constructor(private readonly o: ContactCenterOptions) {
    this.log = o.log.child("cc");
    this.agents = new AgentBoard(o.repos, o.clock, this.log.child("agent"));
    this.callLog = new CallLog(o.repos, o.clock, this.log.child("calls"));
    this.outboundCaps = new OutboundCaps({ repos: o.repos, clock: o.clock, log: this.log.child("outbound") });
    this.callbackList = new Callbacks(o.repos, o.clock, (serviceId) => this.flow(serviceId));
    this.trail = new TrailRecorder(o.repos, o.clock, this.log.child("trail"));
    this.internalCalls = new InternalCalls(o.repos, this.agents, this.callLog, this.trail);
    // Every call's trail ends with its record: inbound, outbound and internal (issue 17 point 3).
    this.callLog.onFinished.subscribe((c) => this.trail.step(c.callId, c.serviceId, "end", { result: c.result, hangupBy: c.hangupBy, reason: c.endReason ?? null }));
    this.acd = new Acd(
      {
        telephony: o.telephony, repos: o.repos, calls: this.callLog, callbacks: this.callbackList, clock: o.clock, log: this.log.child("acd"), agents: this.agents, trail: this.trail,
        recordingPath: (callId, serviceId) => this.recordingPath(callId, serviceId), connect: (p) => this.connect(p),
      },
      (serviceId) => this.flow(serviceId),
    );
    const dial = (agent: AgentMachine, number: string, callbackId?: number, how?: DialHow) => dialForAgent(this.outboundDeps(), agent, number, callbackId, how);
    this.inCall = new CallControl({ agents: this.agents, registry: this.agentCalls, dial });
    this.callbackScheduler = automaticCallbacks({
      repos: o.repos, clock: o.clock, log: this.log.child("callback"), callbacks: this.callbackList, agents: this.agents, acd: this.acd,
      flow: (serviceId) => this.flow(serviceId), dial,
    });
    this.callbackScheduler.start();
    this.unsubscribe = o.telephony.onInboundCall.subscribe((leg, { serviceNumber, extension }) => {
      if (extension && serviceNumber.startsWith("*")) return void this.featureCall(leg, extension, serviceNumber);
      if (extension && !this.isServiceNumber(serviceNumber)) return this.outbound(leg, extension, serviceNumber);
      this.inbound(leg, serviceNumber);
    });
  }

  // ---- ARS flow (G3, G4) ----

  /** The service's ARS flow (the default one until saved). */
  flow(serviceId: string): Flow {
    return storedFlow(this.o.repos, serviceId, this.log);
  }

  // ---- agents (A1, A2) ----

  /** Sign an agent in (state after login from G9). */
  login(serviceId: string, loginId: string): AgentStatus {
    const a = this.agent(serviceId, loginId);
    a.login(this.flow(serviceId).stateAfterLogin);
    return a.snapshot;
  }

  /** Sign an agent out; refused (409) while on a call. */
  logout(serviceId: string, loginId: string): AgentStatus {
    const a = this.agent(serviceId, loginId);
    a.logout();
    return a.snapshot;
  }

  /** The agent or the API picks ready / away(reason) / wrap-up; refused (409) while on a call. `by`: the cause (default the agent). */
  setState(serviceId: string, loginId: string, state: ChosenState, reason?: string, by?: string): AgentStatus {
    const a = this.agent(serviceId, loginId);
    a.choose(state, reason, by);
    return a.snapshot;
  }

  /** One agent's state and time in state. */
  agentState(serviceId: string, loginId: string): AgentStatus {
    return this.agent(serviceId, loginId).snapshot;
  }

  /** Every agent of a service with state and since when (D6). */
  agentStates(serviceId: string): AgentStatus[] {
    return this.agents.list(serviceId).map((a) => a.snapshot);
  }

  /** A feature code dialled from an extension (see agent/feature-codes.ts); returns the prompt to play. */
  featureCode(extension: string, code: string): PromptRef {
    const agent = this.agents.byExtension(extension);
    const service = agent ? this.o.repos.services.get(agent.serviceId) : undefined;
    const flow = agent ? this.flow(agent.serviceId) : defaultFlow();
    return applyFeatureCode(agent, code, { language: service ? lang(service) : "en", stateAfterLogin: flow.stateAfterLogin });
  }

  // ---- records, callbacks, statistics (C11, C7, S1, D1–D6) ----

  /** Calls of a service started in [from, to) (ms). */
  calls(serviceId: string, from: number, to: number): CallRecord[] {
    return this.o.repos.calls.list(serviceId, from, to);
  }

  /** One call with its legs and queue events. */
  call(callId: string): CallDetail | undefined {
    const c = this.o.repos.calls.get(callId);
    if (!c) return undefined;
    const legs = this.o.repos.calls.legs(callId);
    return { ...c, legs, events: this.o.repos.queueEvents.forCall(callId), agentTalk: agentTalk(legs, this.o.clock.now()) };
  }

  /** A call's decision trail in order (issue 17 point 3); 404 for an unknown call. */
  callTrail(callId: string): TrailEntry[] {
    if (!this.o.repos.calls.get(callId)) throw new AppError(404, "call-not-found", "no such call");
    return this.trail.forCall(callId);
  }

  /** Why each waiting caller of a service still waits, now (the dashboard, issue 17 point 3). */
  whyWaiting(serviceId: string): WaitingExplained[] {
    return this.acd.explain(serviceId);
  }

  /** The callback requests of a service with their change logs. */
  callbacks(serviceId: string): ReturnType<Callbacks["list"]> {
    return this.callbackList.list(serviceId);
  }

  /** One page of the calls of a service matching a filter, sorted and counted in SQL (H1, H2). */
  searchCalls(
    serviceId: string,
    filter: CallFilter,
    o: { sort?: CallSort; dir?: "asc" | "desc"; limit?: number; offset?: number } = {},
  ): CallRecord[] {
    return this.o.repos.calls.search(serviceId, filter, o);
  }

  /** How many calls of a service match a filter. */
  countCalls(serviceId: string, filter: CallFilter): number {
    return this.o.repos.calls.count(serviceId, filter);
  }

  /** Statistics by queue, agent or consultation type over [from, to), in intervals (S1); SQL aggregates. */
  stats(serviceId: string, by: StatsBy, from: number, to: number, interval?: StatsInterval): StatsRow[] {
    const s = this.service(serviceId);
    const sums = this.o.repos.calls.aggregate(serviceId, from, to, {
      by, slSeconds: this.flow(serviceId).slThresholdSeconds, shortAbandonSeconds: SHORT_ABANDON_SECONDS,
      buckets: interval ? localBuckets(interval, s.timezone, from, to) : undefined, outbound: true,
    });
    const rows = statsFromSums(sums, interval);
    if (by !== "agent") return rows;
    // Issue 17: each agent's own talk time from their legs, so a transferred call's talk is split between its agents.
    const buckets = interval ? localBuckets(interval, s.timezone, from, to) : undefined;
    return withAgentTalk(rows, this.o.repos.calls.agentTalk(serviceId, from, to, buckets), interval);
  }

  /**
   * The dashboard's figures now (D1–D6): today's and yesterday's calls summed in SQL. `at`: the day's
   * figures as they stood at that instant (the nightly reconcile check reads yesterday's this way).
   */
  live(serviceId: string, at?: number): LiveFigures {
    const s = this.service(serviceId);
    const now = at ?? this.o.clock.now();
    const slSeconds = this.flow(serviceId).slThresholdSeconds;
    return liveFigures({
      now, timeZone: s.timezone, slSeconds, licences: s.licences,
      // Lines in use (D1): inbound calls up now and outbound calls not yet closed (both hold a trunk line).
      linesInUse: [...this.active.values()].filter((a) => a.serviceId === serviceId).length
        + this.o.repos.calls.listOpen().filter((c) => c.serviceId === serviceId && c.direction === "outbound").length,
      waiting: this.acd.summary(serviceId, now),
      agents: this.agentStates(serviceId),
      // The service's row counts outbound calls as statistics do (S1, issue 15); queue rows never do.
      sums: (by, from, to) =>
        this.o.repos.calls.aggregate(serviceId, from, to, { by, slSeconds, shortAbandonSeconds: SHORT_ABANDON_SECONDS, outbound: by === "service" }),
      tally: (from, to, buckets) => this.o.repos.calls.tally(serviceId, from, to, buckets),
      queues: this.o.repos.queues.list(serviceId).map((q) => q.queueId),
    });
  }

  // ---- observability (X6) ----

  /** A call record was closed: inbound, outbound or internal, once per call. */
  get onCallFinished(): CallLog["onFinished"] {
    return this.callLog.onFinished;
  }

  /** A caller's queue wait ended, answered or abandoned. */
  get onQueueWaitEnded(): CallLog["onWaitEnded"] {
    return this.callLog.onWaitEnded;
  }

  /** A queue event of a call was logged: offered to an agent, answered, callback requested … (X3 webhooks). */
  get onQueueEvent(): CallLog["onEvent"] {
    return this.callLog.onEvent;
  }

  /** Every service's waiting callers, agents and callbacks per state now (the /metrics gauges). */
  gauges(): ServiceGauges[] {
    const now = this.o.clock.now();
    return centerGauges({ repos: this.o.repos, now, waiting: (id, at) => this.acd.summary(id, at), agents: (id) => this.agentStates(id) });
  }

  // ---- lifecycle ----

  /** At start-up: close calls left open by a crash as `interrupted`, free agents stuck on a call. Returns the calls closed. */
  recoverAfterCrash(): number {
    return recoverAfterRestart({
      repos: this.o.repos, clock: this.o.clock, log: this.log, calls: this.callLog, agents: this.agents,
      flow: (serviceId) => this.flow(serviceId), isActive: (callId) => this.active.has(callId),
    });
  }

  /** Stop taking calls: waiting callers are released, timers stopped. */
  close(): void {
    this.callbackScheduler.stop();
    this.unsubscribe();
    this.acd.shutdown();
    this.agents.dispose();
    this.trail.flush();
  }

  /** Is this a number the appliance answers itself (a DID or a service's representative number)? */
  private isServiceNumber(number: string): boolean {
    return this.o.routeNumber?.(number) !== undefined || this.o.repos.services.list().some((s) => s.number === number);
  }

  /** An agent dialled an outside number from a desk phone (C9). */
  private outbound(leg: CallLeg, extension: string, number: string): void {
    placeOutboundCall(this.outboundDeps(), leg, extension, number);
  }

  private outboundDeps(): OutboundDeps {
    return {
      telephony: this.o.telephony, repos: this.o.repos, agents: this.agents, clock: this.o.clock, log: this.log.child("outbound"), calls: this.callLog,
      flow: (serviceId) => this.flow(serviceId), recordingPath: (callId, serviceId) => this.recordingPath(callId, serviceId),
      registry: this.agentCalls, connect: (p) => this.connect(p), callbacks: this.callbackList, trunkLoad: this.trunkLoad,
      caps: this.outboundCaps, trail: this.trail,
    };
  }

  /** A customer joined to an agent: hold, transfer and the call's end (C10). */
  private connect(p: ConnectedCallParams): ConnectedCall {
    return new ConnectedCall(p, { telephony: this.o.telephony, calls: this.callLog, clock: this.o.clock, log: this.log.child("call"), registry: this.agentCalls });
  }

  /** A desk-phone agent dialled a feature code: answer, confirm with a prompt, hang up. */
  private async featureCall(leg: CallLeg, extension: string, code: string): Promise<void> {
    const prompt = this.featureCode(extension, code);
    try {
      await leg.answer();
      await leg.play(prompt).done;
    } finally {
      leg.hangup("bye");
    }
  }

  private inbound(leg: CallLeg, serviceNumber: string): void {
    const routed = this.o.routeNumber?.(serviceNumber);
    const service = this.o.repos.services
      .list()
      .find((s) => (routed ? s.serviceId === routed : s.number === serviceNumber) && s.state === "active");
    if (!service) {
      this.log.info({ serviceNumber }, "inbound call for no active service");
      leg.hangup("rejected");
      return;
    }
    const callId = this.callLog.start(leg, service.serviceId);
    this.trail.step(callId, service.serviceId, "number", { number: serviceNumber, serviceId: service.serviceId, serviceName: service.name });
    this.active.set(callId, { serviceId: service.serviceId, leg });
    let answered = false;
    let refused: EndReason | undefined;
    leg.onAnswered.subscribe(() => {
      answered = true;
      this.callLog.legAnswered(leg.id);
    });
    leg.onEnded.subscribe((r) => {
      // Refused before any answer (488: no common codec): never reached the ARS (C11).
      if (!answered && r.cause === "rejected") refused = r;
      this.callLog.legEnded(leg.id, r);
      this.active.delete(callId);
    });
    const flow = this.flow(service.serviceId);
    const language = lang(service);
    const menu = resolveMenu(flow, this.o.repos.queues.list(service.serviceId));
    const trail = ivrTrail(this.trail, callId, service.serviceId, flow, service.timezone);
    runIvr({ leg, clock: this.o.clock, flow, menu, serviceId: service.serviceId, language, timeZone: service.timezone, log: this.log.child("ivr"), trail })
      .then((out) => {
        if (out.kind === "queue") {
          this.acd.enqueue({ callId, serviceId: service.serviceId, queueId: out.queueId, caller: leg, callback: out.callback, language, flow, key: out.key });
        } else if (refused) {
          this.callLog.finish(callId, { result: "rejected", hangupBy: "system", endReason: `rejected ${refused.status ?? ""}`.trim() });
        } else {
          this.callLog.finish(callId, { result: out.result, hangupBy: out.hangupBy });
        }
      })
      .catch((e: unknown) => {
        this.log.error({ callId, err: String(e) }, "call flow failed");
        this.callLog.finish(callId, { result: "failed", hangupBy: "system" });
        leg.hangup("failed");
      });
  }

  private recordingPath(callId: string, serviceId: string): string | undefined {
    const dir = this.o.recordingsDir;
    if (!dir || this.o.mayRecord?.(callId) === false) return undefined;
    const tz = this.o.repos.services.get(serviceId)?.timezone ?? "UTC";
    const z = Temporal.Instant.fromEpochMilliseconds(this.o.clock.now()).toZonedDateTimeISO(tz);
    const path = join(dir, String(z.year), String(z.month).padStart(2, "0"), `${callId}.wav`);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      this.log.warn({ path, err: String(e) }, "cannot create the recordings folder");
    }
    return path;
  }

  private service(serviceId: string): Service {
    const s = this.o.repos.services.get(serviceId);
    if (!s) throw new AppError(404, "service-not-found", "no such service");
    return s;
  }

  private agent(serviceId: string, loginId: string) {
    const a = this.agents.get(serviceId, loginId);
    if (!a) throw new AppError(404, "agent-not-found", "no such agent");
    return a;
  }
}
