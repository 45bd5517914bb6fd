import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock, Logger } from "../../lib/index.ts";
import type { SipMessage } from "../message/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { pcapHeader, pcapRecord, type PcapPeer } from "./pcap.ts";
import { TraceFilter } from "./trace-filter.ts";
import { traceText } from "./trace-text.ts";

/** What to capture and where (the caller owns the paths and the limits). */
export interface TraceSpec {
  traceId: string;
  /** The forms of the number or extension to match (see TraceFilter). */
  match: readonly string[];
  /** Stop capturing at this time (ms since the epoch). */
  endsAt: number;
  pcapPath: string;
  textPath: string;
  /** Stop when the pcap file reaches this size. */
  maxBytes: number;
}

/** A trace's figures; `running` false once it stopped by itself (`reason` "time" or "size"). */
export interface TraceStats {
  messages: number;
  bytes: number;
  running: boolean;
  reason?: "time" | "size" | "error";
}

interface Capture {
  spec: TraceSpec;
  filter: TraceFilter;
  pcap: number;
  text: number;
  stats: TraceStats;
}

/**
 * SIP message trace on demand (X6). The SIP server hands it every message received and sent;
 * with no trace running, `on` is false and the server skips the call altogether. Each trace
 * appends to its pcap and text files as it goes, so a crash keeps what was captured.
 */
export class SipTracer {
  /** True while at least one trace runs: the one check on the hot path. */
  on = false;
  private readonly running = new Map<string, Capture>();
  /** Traces that stopped by themselves, kept until `stop()` collects their figures. */
  private readonly finished = new Map<string, TraceStats>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly maxTraces = 5,
  ) {}

  start(spec: TraceSpec): void {
    if (this.running.has(spec.traceId)) return;
    if (this.running.size >= this.maxTraces) throw new Error(`at most ${this.maxTraces} SIP traces at once`);
    mkdirSync(dirname(spec.pcapPath), { recursive: true });
    const pcap = openSync(spec.pcapPath, "a");
    const text = openSync(spec.textPath, "a");
    const bytes = fstatSync(pcap).size;
    if (bytes === 0) writeSync(pcap, pcapHeader());
    this.running.set(spec.traceId, { spec, filter: new TraceFilter(spec.match), pcap, text, stats: { messages: 0, bytes: bytes || 24, running: true } });
    this.on = true;
    this.log.info({ traceId: spec.traceId, match: spec.match, endsAt: new Date(spec.endsAt).toISOString() }, "SIP trace started");
  }

  /** Stop a trace (or collect one that stopped by itself); its final figures, if it was known. */
  stop(traceId: string): TraceStats | undefined {
    const done = this.finished.get(traceId);
    if (done) {
      this.finished.delete(traceId);
      return done;
    }
    const c = this.running.get(traceId);
    if (!c) return undefined;
    this.closeFiles(c);
    return c.stats;
  }

  stats(traceId: string): TraceStats | undefined {
    const c = this.running.get(traceId);
    return c ? { ...c.stats } : this.finished.get(traceId);
  }

  /** Every running trace id. */
  ids(): string[] {
    return [...this.running.keys()];
  }

  /** A message received from `remote` or sent to it; `local` is our side. */
  capture(direction: "in" | "out", data: Uint8Array | string, message: SipMessage, remote: Endpoint, local: PcapPeer): void {
    const now = this.clock.now();
    let payload: Uint8Array | undefined;
    let text: string | undefined;
    for (const c of this.running.values()) {
      if (now >= c.spec.endsAt) {
        this.finish(c, "time");
        continue;
      }
      if (!c.filter.matches(message)) continue;
      payload ??= typeof data === "string" ? Buffer.from(data, "utf8") : data;
      const peer = { address: remote.address, port: remote.port };
      const [src, dst] = direction === "in" ? [peer, local] : [local, peer];
      try {
        const record = pcapRecord({ time: now, src, dst, payload });
        writeSync(c.pcap, record);
        text ??= typeof data === "string" ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
        writeSync(c.text, traceText(now, remote.transport, direction, src, dst, text));
        c.stats.messages++;
        c.stats.bytes += record.length;
        if (c.stats.bytes >= c.spec.maxBytes) this.finish(c, "size");
      } catch (error) {
        this.log.error({ traceId: c.spec.traceId, err: String(error) }, "SIP trace write failed; trace stopped");
        this.finish(c, "error");
      }
    }
  }

  /** End every trace (shutdown). */
  closeAll(): void {
    for (const c of [...this.running.values()]) this.finish(c, "time");
  }

  private finish(c: Capture, reason: NonNullable<TraceStats["reason"]>): void {
    this.closeFiles(c);
    this.finished.set(c.spec.traceId, { ...c.stats, running: false, reason });
    this.log.info({ traceId: c.spec.traceId, reason, messages: c.stats.messages }, "SIP trace ended");
  }

  private closeFiles(c: Capture): void {
    if (!this.running.delete(c.spec.traceId)) return;
    c.stats.running = false;
    this.on = this.running.size > 0;
    for (const fd of [c.pcap, c.text]) {
      try {
        closeSync(fd);
      } catch {
        /* already closed: nothing to flush (writes are unbuffered) */
      }
    }
  }
}
