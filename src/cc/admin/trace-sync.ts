import type { TimerHandle } from "../../lib/index.ts";
import type { SipTrace } from "../../store/index.ts";
import type { AdminContext } from "./admin-context.ts";
import { TRACE_LIMITS, traceFiles } from "./trace-files.ts";

/** What a trace captures and where (the SIP layer's TraceSpec). */
export interface TraceCapture {
  traceId: string;
  match: readonly string[];
  endsAt: number;
  pcapPath: string;
  textPath: string;
  maxBytes: number;
}

/** A capture's figures; `running` false once it stopped by itself ("time", "size", "error"). */
export interface TraceFigures {
  messages: number;
  bytes: number;
  running: boolean;
  reason?: string;
}

/**
 * The running appliance's SIP tracer as the domain sees it (cc does not import sip): main.ts
 * passes the SIP server's `SipTracer`, which satisfies it.
 */
export interface TraceControl {
  /** Start capturing (making the files' folder if needed); throws when it cannot. */
  start(capture: TraceCapture): void;
  /** Stop (or collect a trace that stopped by itself); its last figures. */
  stop(traceId: string): TraceFigures | undefined;
  stats(traceId: string): TraceFigures | undefined;
  /** Traces capturing now. */
  ids(): string[];
}

/**
 * Brings the appliance's tracer in line with the sip_traces table (X6). Any process records
 * requests there (the command line runs apart from the appliance); the appliance polls it:
 * starts pending traces, stops those ended elsewhere or past their time, and writes figures back.
 */
export class TraceSync {
  private timer?: TimerHandle;

  constructor(
    private readonly ctx: AdminContext,
    private readonly control: TraceControl,
    private readonly dataDir: string,
    private readonly matchForms: (filter: string) => string[],
  ) {}

  /** Poll every `everyMs` (one indexed query of the open traces). */
  start(everyMs = 1000): void {
    const tick = () => {
      try {
        this.sync();
      } catch (error) {
        this.ctx.log.error({ err: String(error) }, "SIP trace sync failed");
      }
      this.timer = this.ctx.clock.setTimeout(tick, everyMs);
    };
    tick();
  }

  stop(): void {
    if (this.timer) this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  sync(): void {
    const { repos } = this.ctx;
    const open = repos.traces.open();
    const openIds = new Set(open.map((t) => t.traceId));
    // Ended in the database (stopped from another door) while still capturing here.
    for (const id of this.control.ids()) if (!openIds.has(id)) this.collect(id);
    for (const t of open) {
      if (t.state === "pending") this.begin(t);
      else this.follow(t);
    }
  }

  private begin(t: SipTrace): void {
    const now = this.ctx.clock.now();
    // Asked for while no appliance ran, and its time is over: it never captured.
    if (now >= t.endsAt) {
      this.ctx.repos.traces.end(t.traceId, now, "expired");
      return;
    }
    const files = traceFiles(this.dataDir, t.traceId);
    const endsAt = now + t.minutes * 60_000;
    try {
      this.control.start({ traceId: t.traceId, match: this.matchForms(t.filter), endsAt, pcapPath: files.pcap, textPath: files.text, maxBytes: TRACE_LIMITS.maxBytes });
    } catch (error) {
      this.ctx.log.error({ traceId: t.traceId, err: String(error) }, "SIP trace could not start");
      this.ctx.repos.traces.end(t.traceId, now, "error");
      return;
    }
    this.ctx.repos.traces.markRunning(t.traceId, now, endsAt);
  }

  private follow(t: SipTrace): void {
    const now = this.ctx.clock.now();
    const s = this.control.stats(t.traceId);
    // Running in the table but unknown here: the appliance restarted under it.
    if (!s) this.ctx.repos.traces.end(t.traceId, now, "interrupted");
    else if (!s.running || now >= t.endsAt) this.ctx.repos.traces.end(t.traceId, now, this.collect(t.traceId)?.reason ?? "time");
    else if (s.messages !== t.messages || s.bytes !== t.bytes) this.ctx.repos.traces.progress(t.traceId, s.messages, s.bytes);
  }

  /** Stop capturing and write the last figures. */
  private collect(traceId: string): TraceFigures | undefined {
    const s = this.control.stop(traceId);
    if (s) this.ctx.repos.traces.progress(traceId, s.messages, s.bytes);
    return s;
  }
}
