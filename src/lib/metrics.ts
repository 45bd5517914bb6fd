import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { codeTime, type CodeTimer } from "./code-time.ts";

/** The process's Prometheus metrics (X6); one registry, injected wherever something is counted. */
export interface Metrics {
  registry: Registry;
  /** SIP requests received, by method. */
  sipRequests: TallyCounter<"method">;
  /** SIP responses sent, by class "1xx".."6xx". */
  sipResponses: TallyCounter<"class">;
  /** Live registrations (bindings). */
  registrations: Gauge;
  /** Source addresses banned now. */
  bans: Gauge;
  /** Failed digest authentications. */
  authFailures: Counter;
  /** Live SIP transactions by kind "client" / "server" (leak checks). */
  sipTransactions: Gauge<"kind">;
  /** RTP packets by direction "sent" / "received", over every call since start. */
  rtpPackets: Counter<"direction">;
  /** RTP sends that failed: the packet did not leave. */
  rtpSendErrors: Counter;
  /** Per media worker (issue 12): running, legs and bridges on it, packets, late prompt packets, CPU, loop lag, restarts. */
  mediaWorkerUp: Gauge<"worker">;
  mediaWorkerLegs: Gauge<"worker">;
  mediaWorkerBridges: Gauge<"worker">;
  mediaWorkerPackets: Counter<"worker" | "direction">;
  mediaWorkerLatePackets: Counter<"worker">;
  mediaWorkerCpu: Counter<"worker">;
  mediaWorkerLag: Gauge<"worker">;
  mediaWorkerRestarts: Gauge<"worker">;
  /** Figures of the last nightly reconcile check that disagree with the calls they count (issue 17 point 4). */
  reconcileDifferences: Gauge<"service">;
  /** 1 when the service's last canary call walked every number's path, 0 when a step failed (issue 17 point 5). */
  canaryOk: Gauge<"service">;
  /** Canary calls that failed, by service and failing step. */
  canaryFailures: Counter<"service" | "step">;
  /** Finished calls by service, direction (inbound/outbound/internal) and result. */
  calls: Counter<"service" | "direction" | "result">;
  /** Seconds a caller waited in a queue before being answered or hanging up. */
  queueWait: Histogram<"service" | "queue" | "result">;
  /** Callers waiting in each queue now. */
  queueWaiting: Gauge<"service" | "queue">;
  /** The longest wait in each queue now, seconds. */
  queueLongestWait: Gauge<"service" | "queue">;
  /** Agents per state per service. */
  agents: Gauge<"service" | "state">;
  /** Callback requests per state per service. */
  callbacks: Gauge<"service" | "state">;
  /** Bytes the recordings take on disk. */
  recordingsBytes: Gauge;
  /** The recordings' disk budget in bytes (0: none) and 1 while it is spent (no new recordings). */
  recordingsBudgetBytes: Gauge;
  recordingsOverBudget: Gauge;
  /** 1 when a registration-mode trunk is registered, else 0. */
  trunkRegistered: Gauge<"trunk" | "state">;
  /** 1 when the trunk's carrier answered the last OPTIONS probe (T7). */
  trunkUp: Gauge<"trunk">;
  /** Seconds spent in the routing explainer's trail code since start (issue 17), read at each scrape. */
  trailSeconds: Counter;
  /** Seconds spent sending the OPTIONS probes of registered phones and handling their answers (issue 17). */
  qualifySeconds: Counter;
}

/** Create a fresh registry with the default process metrics and the contact center's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    sipRequests: tallyCounter("cc_sip_requests_total", "SIP requests received", "method", registers),
    sipResponses: tallyCounter("cc_sip_responses_total", "SIP responses sent, by status class", "class", registers),
    registrations: new Gauge({ name: "cc_sip_registrations", help: "Live SIP registrations", registers }),
    bans: new Gauge({ name: "cc_sip_bans", help: "Source addresses banned now", registers }),
    authFailures: new Counter({ name: "cc_sip_auth_failures_total", help: "Failed digest authentications", registers }),
    sipTransactions: new Gauge({ name: "sip_transactions", help: "Live SIP transactions", labelNames: ["kind"], registers }),
    rtpPackets: new Counter({ name: "cc_rtp_packets_total", help: "RTP packets, by direction", labelNames: ["direction"], registers }),
    rtpSendErrors: new Counter({ name: "cc_rtp_send_errors_total", help: "RTP packets that could not be sent", registers }),
    ...mediaWorkerMetrics(registers),
    ...callCenterMetrics(registers),
    trailSeconds: codeTimeCounter("cc_trail_seconds_total", "Time spent in the routing explainer's trail code (offer rounds, steps, batched writes)", codeTime.trail, registers),
    qualifySeconds: codeTimeCounter("cc_qualify_seconds_total", "Time spent sending OPTIONS probes of registered phones and handling their answers", codeTime.qualify, registers),
  };
}

/**
 * A counter by one label that counts in plain numbers until /metrics is scraped (issue 12): a labelled
 * prom-client `inc` hashes its label object on every call, and SIP counts every message.
 */
export interface TallyCounter<L extends string> {
  add(value: string): void;
}

function tallyCounter<L extends string>(name: string, help: string, label: L, registers: Registry[]): TallyCounter<L> {
  // The counter is registered, and shows the tally when /metrics collects it.
  const pending = new Map<string, number>();
  const counter = new Counter<L>({
    name, help, labelNames: [label], registers,
    collect() {
      for (const [value, n] of pending) this.inc({ [label]: value } as Partial<Record<L, string>>, n);
      pending.clear();
    },
  });
  return {
    add: (value) => {
      const n = pending.get(value);
      // Values come from peers (SIP methods): past a few distinct ones, count straight into the counter.
      if (n === undefined && pending.size >= MAX_TALLIED_VALUES) counter.inc({ [label]: value } as Partial<Record<L, string>>);
      else pending.set(value, (n ?? 0) + 1);
    },
  };
}

/** Distinct label values a {@link TallyCounter} tallies between two scrapes. */
const MAX_TALLIED_VALUES = 64;

/** A counter that shows a {@link CodeTimer}'s seconds, read when /metrics is scraped (nothing on the hot path). */
function codeTimeCounter(name: string, help: string, timer: CodeTimer, registers: Registry[]): Counter {
  return new Counter({
    name, help, registers,
    collect() {
      this.reset();
      this.inc(timer.seconds);
    },
  });
}

/** Each media worker's figures (issue 12): an admin sees the box's headroom. */
function mediaWorkerMetrics(registers: Registry[]) {
  const labelNames = ["worker"] as const;
  return {
    mediaWorkerUp: new Gauge({ name: "cc_media_worker_up", help: "1 while the media worker runs", labelNames, registers }),
    mediaWorkerLegs: new Gauge({ name: "cc_media_worker_legs", help: "Call legs whose media the worker runs now", labelNames, registers }),
    mediaWorkerBridges: new Gauge({ name: "cc_media_worker_bridges", help: "Bridged (connected) calls in the worker now", labelNames, registers }),
    mediaWorkerPackets: new Counter({ name: "cc_media_worker_packets_total", help: "RTP packets handled by the worker, by direction", labelNames: ["worker", "direction"], registers }),
    mediaWorkerLatePackets: new Counter({ name: "cc_media_worker_late_packets_total", help: "Prompt packets the worker sent 5 ms or more late", labelNames, registers }),
    mediaWorkerCpu: new Counter({ name: "cc_media_worker_cpu_seconds_total", help: "CPU time of the worker thread", labelNames, registers }),
    mediaWorkerLag: new Gauge({ name: "cc_media_worker_event_loop_lag_ms", help: "Longest event-loop lag of the worker in the last second", labelNames, registers }),
    mediaWorkerRestarts: new Gauge({ name: "cc_media_worker_restarts", help: "Times the worker was started again after a crash", labelNames, registers }),
  };
}

/** The contact center's own figures (X6): calls, queues, agents, callbacks, recordings, trunks. */
function callCenterMetrics(registers: Registry[]) {
  return {
    calls: new Counter({ name: "cc_calls_total", help: "Finished calls", labelNames: ["service", "direction", "result"], registers }),
    reconcileDifferences: new Gauge({
      name: "cc_reconcile_differences",
      help: "Figures of the last reconcile check (dashboard, statistics, CSV, call history) that disagree with the calls they count",
      labelNames: ["service"],
      registers,
    }),
    canaryOk: new Gauge({ name: "cc_canary_ok", help: "1 when the last canary call walked every service number's path, 0 when a step failed", labelNames: ["service"], registers }),
    canaryFailures: new Counter({ name: "cc_canary_failures_total", help: "Canary calls that failed, by failing step", labelNames: ["service", "step"], registers }),
    queueWait: new Histogram({
      name: "cc_queue_wait_seconds",
      help: "Queue wait of answered and abandoned calls",
      labelNames: ["service", "queue", "result"],
      buckets: [5, 10, 20, 30, 60, 120, 300, 600],
      registers,
    }),
    queueWaiting: new Gauge({ name: "cc_queue_waiting", help: "Callers waiting now", labelNames: ["service", "queue"], registers }),
    queueLongestWait: new Gauge({
      name: "cc_queue_longest_wait_seconds",
      help: "Longest wait now",
      labelNames: ["service", "queue"],
      registers,
    }),
    agents: new Gauge({ name: "cc_agents", help: "Agents per state", labelNames: ["service", "state"], registers }),
    callbacks: new Gauge({ name: "cc_callbacks", help: "Callback requests per state", labelNames: ["service", "state"], registers }),
    recordingsBytes: new Gauge({ name: "cc_recordings_bytes", help: "Disk used by recordings", registers }),
    recordingsBudgetBytes: new Gauge({ name: "cc_recordings_budget_bytes", help: "Disk budget of the recordings (0: none)", registers }),
    recordingsOverBudget: new Gauge({ name: "cc_recordings_over_budget", help: "1 while the recordings' disk budget is spent and new calls go unrecorded", registers }),
    trunkRegistered: new Gauge({
      name: "cc_trunk_registered",
      help: "1 when the trunk is registered",
      labelNames: ["trunk", "state"],
      registers,
    }),
    trunkUp: new Gauge({
      name: "cc_trunk_up",
      help: "1 when the trunk's carrier answered the last OPTIONS probe, 0 when it did not",
      labelNames: ["trunk"],
      registers,
    }),
  };
}

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx", "6xx"];

/** "1xx".."6xx" for a status code, the label of `sipResponses`. */
export function statusClass(status: number): string {
  return STATUS_CLASSES[Math.floor(status / 100) - 1] ?? `${Math.floor(status / 100)}xx`;
}

/** What the SIP server reports (its SipObserver's shape), counted in `m` (X6). */
export function sipCounting(m: Metrics): { request(method: string): void; response(status: number): void; authFailure(): void } {
  return {
    request: (method) => m.sipRequests.add(method),
    response: (status) => m.sipResponses.add(statusClass(status)),
    authFailure: () => m.authFailures.inc(),
  };
}
