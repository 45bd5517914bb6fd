import { join } from "node:path";

/** Bounds of SIP traces (X6): a trace is a diagnosis tool, never a standing capture. */
export const TRACE_LIMITS = Object.freeze({ maxConcurrent: 5, maxMinutes: 60, maxBytes: 50 * 1024 * 1024 });

/** Where a trace's capture lives: `<dataDir>/traces/<traceId>.pcap` and the same messages as text. */
export function traceFiles(dataDir: string, traceId: string): { dir: string; pcap: string; text: string } {
  if (!/^[a-z0-9-]{1,40}$/.test(traceId)) throw new Error(`bad trace id ${JSON.stringify(traceId)}`);
  const dir = join(dataDir, "traces");
  return { dir, pcap: join(dir, `${traceId}.pcap`), text: join(dir, `${traceId}.txt`) };
}
