import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMetrics } from "../lib/index.ts";
import { captureLogger } from "../lib/test-logger.ts";
import { RecordingsUsage } from "./calls/index.ts";
import { attachCenterMetrics } from "./center-metrics.ts";
import { ContactCenter } from "./contact-center.ts";
import { testCenter } from "./test-center.ts";
import { advance, flush } from "./test-clock.ts";

/**
 * The test center (src/cc/test-center.ts: service "demo", queue "main" on key 1, agents a1–a3 on
 * 1001–1003) rebuilt with a capturing logger and attached to fresh Prometheus metrics, recordings
 * in a temporary folder (`cleanup()` removes it).
 */
export function observedCenter() {
  const t = testCenter();
  t.cc.close();
  const recordingsDir = mkdtempSync(join(tmpdir(), "cc-metrics-rec-"));
  const { log, lines } = captureLogger();
  const cc = new ContactCenter({ telephony: t.telephony, repos: t.repos, clock: t.clock, log, recordingsDir });
  const metrics = createMetrics();
  const trunks: Array<{ trunkId: string; state: string }> = [];
  const recordings = new RecordingsUsage(recordingsDir, t.clock);
  const center = attachCenterMetrics(cc, metrics, { trunks: () => trunks, recordings });
  /** Sample the gauges as main's once-a-second tick does; then `value(name, labels)` reads one sample (null if absent). */
  const scrape = async () => {
    center.sample();
    const all = await metrics.registry.getMetricsAsJSON();
    return (name: string, labels: Record<string, string> = {}): number | null => {
      for (const m of all) {
        for (const v of m.values as Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>) {
          const matches = Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x);
          if ((v.metricName ?? m.name) === name && matches) return v.value;
        }
      }
      return null;
    };
  };
  /** Caller queues; after `waitMs` a1 turns ready and answers; talk `talkMs`; the caller hangs up. */
  const answeredCall = async (from = "01011112222", waitMs = 3000, talkMs = 60_000, beforeHangup?: () => void) => {
    cc.setState("demo", "a1", "away", "break");
    const caller = await t.queueCall(from);
    await advance(t.clock, waitMs);
    cc.setState("demo", "a1", "ready");
    await flush();
    const agentLeg = t.telephony.ringing("1001");
    if (!agentLeg) throw new Error("agent a1 is not ringing");
    agentLeg.remoteAnswer();
    await advance(t.clock, talkMs);
    beforeHangup?.();
    caller.remoteHangup();
    await flush();
    return cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
  };
  const cleanup = () => {
    center.stop();
    cc.close();
    rmSync(recordingsDir, { recursive: true, force: true });
  };
  return { ...t, cc, lines, metrics, trunks, recordings, recordingsDir, scrape, answeredCall, cleanup };
}
