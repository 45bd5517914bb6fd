import type { Metrics } from "../lib/index.ts";
import { RtpEndpoint, type MediaWorkerStats } from "../media/index.ts";

/** What a worker's counters were at the last sample (they start over when the worker restarts). */
interface Seen {
  received: number;
  sent: number;
  sendErrors: number;
  late: number;
  cpu: number;
}

/**
 * Samples the RTP figures into /metrics once a second (X6, issue 12 point 5): the process-wide RTP counters
 * (main thread and every media worker) and each worker's own line. Counters are read, never incremented per
 * packet; a worker that restarted starts its counts over, which is taken as a counter reset.
 */
export function mediaMetricsSampler(metrics: Metrics, workers: () => MediaWorkerStats[]): () => void {
  const main = { sent: 0, received: 0, sendErrors: 0 };
  const seen = new Map<number, Seen>();
  const delta = (now: number, before: number) => (now >= before ? now - before : now);
  return () => {
    const rtp = RtpEndpoint.totals;
    let sent = rtp.sent - main.sent;
    let received = rtp.received - main.received;
    let sendErrors = rtp.sendErrors - main.sendErrors;
    Object.assign(main, { sent: rtp.sent, received: rtp.received, sendErrors: rtp.sendErrors });
    for (const w of workers()) {
      const worker = String(w.index);
      metrics.mediaWorkerUp.set({ worker }, w.alive ? 1 : 0);
      metrics.mediaWorkerLegs.set({ worker }, w.legs);
      metrics.mediaWorkerRestarts.set({ worker }, w.restarts);
      const c = w.counters;
      if (!c) {
        seen.delete(w.index);
        continue;
      }
      const was = seen.get(w.index) ?? { received: 0, sent: 0, sendErrors: 0, late: 0, cpu: 0 };
      const d = {
        received: delta(c.received, was.received),
        sent: delta(c.sent, was.sent),
        sendErrors: delta(c.sendErrors, was.sendErrors),
        late: delta(c.late, was.late),
        cpu: c.cpuSeconds < 0 ? 0 : delta(c.cpuSeconds, was.cpu),
      };
      seen.set(w.index, { received: c.received, sent: c.sent, sendErrors: c.sendErrors, late: c.late, cpu: Math.max(0, c.cpuSeconds) });
      sent += d.sent;
      received += d.received;
      sendErrors += d.sendErrors;
      metrics.mediaWorkerBridges.set({ worker }, c.bridges);
      metrics.mediaWorkerPackets.inc({ worker, direction: "received" }, d.received);
      metrics.mediaWorkerPackets.inc({ worker, direction: "sent" }, d.sent);
      metrics.mediaWorkerLatePackets.inc({ worker }, d.late);
      metrics.mediaWorkerCpu.inc({ worker }, d.cpu);
      metrics.mediaWorkerLag.set({ worker }, c.lagMs);
    }
    metrics.rtpPackets.inc({ direction: "sent" }, sent);
    metrics.rtpPackets.inc({ direction: "received" }, received);
    metrics.rtpSendErrors.inc(sendErrors);
  };
}
