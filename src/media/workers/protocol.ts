import type { SourceSpec } from "../player/index.ts";
import type { NegotiatedMedia } from "../session/index.ts";

/**
 * The messages between the main thread and a media worker (issue 12), plain data only. Legs and bridges are
 * named by numbers the main thread hands out; the worker owns the sockets, players, bridges and recorders.
 */
export type ToWorker =
  | { t: "open"; id: number; port: number; bindAddress?: string; inbandDtmf?: boolean }
  | { t: "apply"; id: number; n: NegotiatedMedia }
  | { t: "play"; id: number; play: number; source: SourceSpec }
  | { t: "stopPlay"; id: number }
  | { t: "dtmf"; id: number; req: number; digits: string }
  | { t: "close"; id: number }
  | { t: "tap"; id: number; on: boolean }
  | { t: "send"; id: number; payload: Uint8Array; pt: number; marker: boolean; step: number }
  | { t: "advance"; id: number; samples: number }
  | { t: "bridge"; bridge: number; a: number; b: number; recordTo?: string; dtmf?: "forward" | "swallow" }
  | { t: "relay"; bridge: number; on: boolean }
  | { t: "replaceAgent"; bridge: number; agent?: number }
  | { t: "unbridge"; bridge: number }
  /** Shutdown: end every bridge (recordings are finished) and close every leg, then answer "stopped". */
  | { t: "stop" }
  /** Tests: throw from the message handler (the worker dies as a crash would). */
  | { t: "crash" };

/** Counters a worker reports about itself once a second (/metrics, issue 12 point 5). */
export interface WorkerCounters {
  legs: number;
  bridges: number;
  received: number;
  sent: number;
  sendErrors: number;
  dropped: number;
  /** Prompt frames played, and those sent 5 ms or more late. */
  frames: number;
  late: number;
  /** The worker thread's CPU time (s) from /proc/thread-self, or -1 when unknown. */
  cpuSeconds: number;
  /** The longest event-loop lag seen in the last second (ms). */
  lagMs: number;
}

export type FromWorker =
  | { t: "ready" }
  | { t: "stopped" }
  | { t: "opened"; id: number; port: number }
  | { t: "openFailed"; id: number; error: string }
  | { t: "played"; play: number; result: "finished" | "stopped" | "ended" }
  | { t: "digit"; id: number; digit: string }
  | { t: "dtmfSent"; req: number; ok: boolean }
  /** `performance.timeOrigin`-based times (ms since the epoch) of each leg's last RTP packet that changed. */
  | { t: "heard"; ids: number[]; at: number[] }
  | { t: "packet"; id: number; data: Uint8Array }
  | { t: "bridged"; bridge: number; error?: string }
  | { t: "recordFailed"; path: string; error: string }
  | { t: "counters"; c: WorkerCounters };
