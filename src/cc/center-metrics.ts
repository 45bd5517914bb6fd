import { silentLogger, type Logger, type Metrics } from "../lib/index.ts";
import type { RecordingsUsage } from "./calls/index.ts";
import type { ContactCenter } from "./contact-center.ts";

/** What else the contact center's figures come from. */
export interface CenterMetricsOptions {
  /** States of the trunks: registration ("registered", "failed", …, or "peer") and the OPTIONS probe. */
  trunks?(): Array<{ trunkId: string; state: string; probe?: { state: string } }>;
  /** Disk use of the recordings; grows as calls with a recording end. */
  recordings?: RecordingsUsage;
  log?: Logger;
}

/** The contact center's side of `/metrics`: `sample()` for the once-a-second tick, `stop()` to detach. */
export interface CenterMetrics {
  sample(): void;
  stop(): void;
}

/**
 * Feed the contact center's figures into the Prometheus metrics (X6): counters and the wait
 * histogram on the center's events (once per call, never per packet), gauges when sampled.
 * Gauges are reset before each sample so a removed queue, trunk or service disappears.
 */
export function attachCenterMetrics(cc: ContactCenter, m: Metrics, o: CenterMetricsOptions = {}): CenterMetrics {
  const log = o.log ?? silentLogger;
  const unsubscribe = [
    cc.onCallFinished.subscribe((c) => {
      m.calls.inc({ service: c.serviceId, direction: c.direction, result: c.result ?? "unknown" });
      if (c.recordingPath) o.recordings?.add(c.recordingPath);
    }),
    cc.onQueueWaitEnded.subscribe((w) => m.queueWait.observe({ service: w.serviceId, queue: w.queueId, result: w.result }, w.seconds)),
  ];
  const sampleCenter = () => {
    const services = cc.gauges();
    for (const g of [m.queueWaiting, m.queueLongestWait, m.agents, m.callbacks]) g.reset();
    for (const s of services) {
      for (const q of s.queues) {
        m.queueWaiting.set({ service: s.serviceId, queue: q.queueId }, q.waiting);
        m.queueLongestWait.set({ service: s.serviceId, queue: q.queueId }, q.longestWaitMs / 1000);
      }
      for (const [state, n] of Object.entries(s.agents)) m.agents.set({ service: s.serviceId, state }, n);
      for (const [state, n] of Object.entries(s.callbacks)) m.callbacks.set({ service: s.serviceId, state }, n);
    }
    if (o.trunks) {
      const trunks = o.trunks();
      m.trunkRegistered.reset();
      m.trunkUp.reset();
      for (const t of trunks) {
        if (t.state !== "peer") m.trunkRegistered.set({ trunk: t.trunkId, state: t.state }, t.state === "registered" ? 1 : 0);
        if (t.probe && t.probe.state !== "unknown") m.trunkUp.set({ trunk: t.trunkId }, t.probe.state === "up" ? 1 : 0);
      }
    }
    if (o.recordings) {
      o.recordings.tick();
      m.recordingsBytes.set(o.recordings.bytes);
    }
  };
  return {
    sample() {
      try {
        sampleCenter();
      } catch (e) {
        // A failed sample (the store closing at shutdown) must not take the process down with it.
        log.warn({ err: String(e) }, "could not sample the contact center's gauges");
      }
    },
    stop() {
      for (const u of unsubscribe.splice(0)) u();
    },
  };
}
