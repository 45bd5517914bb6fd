import { availableParallelism } from "node:os";
import { Event, silentLogger } from "../../lib/index.ts";
import type { Logger } from "../../lib/index.ts";
import { CallRecorder } from "../recorder/index.ts";
import type { PortAllocator } from "../rtp/index.ts";
import type { LegMedia } from "../session/index.ts";
import type { FromWorker, ToWorker, WorkerCounters } from "./protocol.ts";
import { RemoteCallMedia } from "./remote-call-media.ts";
import type { WorkerLink } from "./remote-call-media.ts";

export interface MediaWorkersOptions {
  /** How many workers (at least 1). */
  size: number;
  allocator: PortAllocator;
  bindAddress?: string;
  /** Address written into SDP until a leg is told its own (`setAdvertisedAddress`). */
  advertisedAddress: string;
  /** Legs each worker keeps open ahead of time (binding is asynchronous; `take()` is not). Default 4. */
  spares?: number;
  /** Wait this long before a crashed worker is started again (ms). Default 100. */
  restartDelayMs?: number;
  log?: Logger;
}

/** One worker's figures for /metrics (issue 12 point 5). */
export interface MediaWorkerStats {
  index: number;
  alive: boolean;
  restarts: number;
  /** Legs (call media) placed on it now. */
  legs: number;
  counters?: WorkerCounters;
}

/** The pool size `CC_MEDIA_WORKERS` defaults to: one per spare core (cores − 1), at least one. */
export function defaultMediaWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

let nextId = 1;

/**
 * The worker's script: next to this file when run from source. In a `bun build --compile` executable (the
 * `build` script names src/main.ts and this worker as entrypoints) every module's `import.meta.url` is the
 * bundle's, at the root of the entrypoints' common folder (src/), so the worker is at media/workers/ under it.
 */
function workerUrl(): URL {
  if (import.meta.url.includes("/$bunfs/") || import.meta.url.includes("/~BUN/")) return new URL("./media/workers/media-worker.ts", import.meta.url);
  return new URL("./media-worker.ts", import.meta.url);
}

/** One line saying why a worker died (Bun's message carries a source excerpt). */
function errorText(event: ErrorEvent): string {
  if (event.error instanceof Error) return event.error.message;
  const lines = String(event.message ?? "error").split("\n");
  return (lines.find((l) => l.startsWith("error:")) ?? lines[0] ?? "error").replace(/^error:\s*/, "");
}

/** One worker thread and the legs on it, seen from the main thread. */
class WorkerHost implements WorkerLink {
  readonly legs = new Map<number, RemoteCallMedia>();
  readonly spare: RemoteCallMedia[] = [];
  filling = 0;
  restarts = 0;
  /** Crashes since the worker last came up (a worker that cannot even start is retried ever more slowly). */
  failures = 0;
  counters?: WorkerCounters;
  alive = false;
  ready!: Promise<void>;
  private worker?: Worker;
  private readonly opens = new Map<number, (result: { port: number } | { error: string }) => void>();
  private readonly plays = new Map<number, (r: "finished" | "stopped" | "ended") => void>();
  private readonly dtmfs = new Map<number, (ok: boolean) => void>();

  constructor(
    readonly index: number,
    private readonly pool: MediaWorkers,
  ) {
    this.spawn();
  }

  private spawn(): void {
    // A literal URL next to this file: `bun build --compile` bundles it as an extra entrypoint.
    // Live calls keep the appliance up through its servers, not through its media threads (ref: false).
    const worker = new Worker(workerUrl(), { ref: false });
    this.worker = worker;
    let ready!: () => void;
    this.ready = new Promise((r) => (ready = r));
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (event.data.t === "ready") {
        this.alive = this.worker === worker;
        this.failures = 0;
        return ready();
      }
      this.receive(event.data);
    };
    worker.addEventListener("error", (event) => this.crashed(worker, `media worker ${this.index} crashed: ${errorText(event as ErrorEvent)}`));
    worker.addEventListener("close", () => this.crashed(worker, `media worker ${this.index} exited`));
  }

  post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  playback(settle: (r: "finished" | "stopped" | "ended") => void): number {
    const id = nextId++;
    this.plays.set(id, settle);
    return id;
  }

  dtmf(id: number, digits: string): Promise<boolean> {
    const req = nextId++;
    return new Promise((resolve) => {
      this.dtmfs.set(req, resolve);
      this.post({ t: "dtmf", id, req, digits });
    });
  }

  released(media: RemoteCallMedia): void {
    if (this.legs.get(media.id) !== media) return;
    this.legs.delete(media.id);
    this.pool.allocator.release(media.port);
  }

  /**
   * A leg at once, its port bound by the worker in the background (messages reach the worker in order, so what
   * the leg is told next waits for the bind): for when no spare is left. The rare port another process holds
   * fails the leg (`onFailed`) instead of trying the next. Undefined when the range is exhausted.
   */
  openNow(): RemoteCallMedia | undefined {
    if (!this.alive || !this.worker) return undefined;
    const port = this.pool.allocator.allocate();
    if (port === undefined) return undefined;
    const id = nextId++;
    const media = new RemoteCallMedia(this, id, port, { advertisedAddress: this.pool.options.advertisedAddress });
    this.legs.set(id, media);
    this.opens.set(id, (result) => {
      if (!("error" in result)) return;
      if (this.legs.get(id) === media) {
        this.legs.delete(id);
        this.pool.allocator.release(port);
      }
      media.fail(`RTP port ${port} could not be bound: ${result.error}`);
    });
    this.post({ t: "open", id, port, bindAddress: this.pool.options.bindAddress });
    return media;
  }

  /** Open a leg on this worker: a port from the allocator, bound by the worker (next port when it is taken). */
  async open(): Promise<RemoteCallMedia> {
    let lastError = "range exhausted";
    for (let attempt = 0; attempt < 50; attempt++) {
      if (!this.alive || !this.worker) throw new Error(`media worker ${this.index} is not running`);
      const port = this.pool.allocator.allocate();
      if (port === undefined) break;
      const id = nextId++;
      const result = await new Promise<{ port: number } | { error: string }>((resolve) => {
        this.opens.set(id, resolve);
        this.post({ t: "open", id, port, bindAddress: this.pool.options.bindAddress });
      });
      if ("port" in result) {
        const media = new RemoteCallMedia(this, id, port, { advertisedAddress: this.pool.options.advertisedAddress });
        this.legs.set(id, media);
        return media;
      }
      this.pool.allocator.release(port);
      lastError = result.error;
    }
    throw new Error(`no RTP port could be bound: ${lastError}`);
  }

  /** Keep `spares` legs open ahead of time. */
  async warm(spares: number): Promise<void> {
    const want = spares - this.spare.length - this.filling;
    await Promise.all(
      Array.from({ length: Math.max(0, want) }, async () => {
        this.filling++;
        try {
          const media = await this.open();
          if (this.pool.closed || media.closed) media.close();
          else this.spare.push(media);
        } catch (error) {
          if (this.alive) this.pool.log.warn({ err: String(error), worker: this.index }, "could not open an RTP endpoint");
        } finally {
          this.filling--;
        }
      }),
    );
  }

  private receive(m: FromWorker): void {
    switch (m.t) {
      case "opened":
      case "openFailed": {
        const resolve = this.opens.get(m.id);
        this.opens.delete(m.id);
        return resolve?.(m.t === "opened" ? { port: m.port } : { error: m.error });
      }
      case "played": {
        const settle = this.plays.get(m.play);
        this.plays.delete(m.play);
        return settle?.(m.result);
      }
      case "digit":
        return this.legs.get(m.id)?.onDtmf.execute(m.digit);
      case "dtmfSent": {
        const resolve = this.dtmfs.get(m.req);
        this.dtmfs.delete(m.req);
        return resolve?.(m.ok);
      }
      case "heard":
        for (let i = 0; i < m.ids.length; i++) this.legs.get(m.ids[i]!)?.heard(m.at[i]!);
        return;
      case "packet":
        return this.legs.get(m.id)?.deliver(m.data);
      case "bridged":
        if (m.error) this.pool.log.error({ err: m.error, worker: this.index }, "could not start the recording");
        return;
      case "recordFailed":
        return CallRecorder.onWriteFailed.execute(m.path, new Error(m.error));
      case "counters":
        this.counters = m.c;
        return;
      case "stopped":
        return this.stop();
    }
  }

  /** The worker died (an error, or it exited): end only its legs, give their ports back, start it again. */
  crashed(worker: Worker, cause: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    this.alive = false;
    worker.terminate();
    if (!this.pool.closed) this.pool.log.error({ worker: this.index, legs: this.legs.size, cause }, "media worker lost: its calls end as failed");
    for (const resolve of this.opens.values()) resolve({ error: cause });
    this.opens.clear();
    for (const settle of this.plays.values()) settle("ended");
    this.plays.clear();
    for (const resolve of this.dtmfs.values()) resolve(false);
    this.dtmfs.clear();
    this.spare.length = 0;
    const legs = [...this.legs.values()];
    this.legs.clear();
    for (const media of legs) {
      this.pool.allocator.release(media.port);
      media.fail(cause);
    }
    this.counters = undefined;
    this.pool.onCrash.execute(this.index, cause);
    if (this.pool.closed) return;
    const delay = Math.min(30_000, (this.pool.options.restartDelayMs ?? 100) * 2 ** this.failures++);
    setTimeout(() => {
      if (this.pool.closed) return;
      this.restarts++;
      this.spawn();
      void this.ready.then(() => this.warm(this.pool.spares));
    }, delay).unref();
  }

  /** Shutdown: the worker finishes its recordings and closes its sockets, then stops (at most `graceMs` later). */
  shutdown(graceMs: number): void {
    const worker = this.worker;
    if (!worker) return;
    this.alive = false;
    this.post({ t: "stop" });
    setTimeout(() => {
      if (this.worker === worker) this.stop();
    }, graceMs).unref();
  }

  /** Stop the thread for good. */
  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.alive = false;
    worker?.terminate();
  }
}

/**
 * The pool of media workers (issue 12): each owns the RTP sockets of the legs placed on it and runs their
 * packet path; the main thread keeps SIP and the domain and holds a `RemoteCallMedia` per leg. A leg opened
 * `near` another goes to the same worker, so a call's legs are bridged inside one thread. A worker that dies
 * ends only its own legs (`onFailed`) and is started again; new legs go to live workers.
 */
export class MediaWorkers {
  /** A worker died: its index and why. */
  readonly onCrash = new Event<[number, string]>();
  readonly log: Logger;
  readonly spares: number;
  closed = false;
  private readonly hosts: WorkerHost[];

  constructor(readonly options: MediaWorkersOptions) {
    this.log = (options.log ?? silentLogger).child("media-workers");
    this.spares = options.spares ?? 4;
    this.hosts = Array.from({ length: Math.max(1, options.size) }, (_, i) => new WorkerHost(i, this));
  }

  get allocator(): PortAllocator {
    return this.options.allocator;
  }

  get size(): number {
    return this.hosts.length;
  }

  /** Wait for every worker and open the spare legs (await at start-up). */
  async start(timeoutMs = 15_000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)));
    await Promise.race([Promise.all(this.hosts.map((h) => h.ready)), late]);
    clearTimeout(timer);
    await this.warm();
  }

  /** True while at least one worker runs. */
  get anyAlive(): boolean {
    return this.hosts.some((h) => h.alive);
  }

  warm(): Promise<void> {
    return Promise.all(this.hosts.filter((h) => h.alive).map((h) => h.warm(this.spares))).then(() => {});
  }

  /** A leg at once, on `near`'s worker when it runs; undefined when no worker runs or the port range is exhausted. */
  take(near?: LegMedia): RemoteCallMedia | undefined {
    const host = this.choose(near);
    // No spare on the call's worker (a burst of calls outran the refill): a leg bound in the background.
    const media = host?.spare.pop() ?? host?.openNow();
    void this.warm();
    return media;
  }

  /** A leg, opening one when none is spare. Rejects when no worker runs or no port can be bound. */
  async get(near?: LegMedia): Promise<RemoteCallMedia> {
    const host = this.choose(near);
    const media = host?.spare.length || !host ? this.take(near) : undefined;
    if (media) return media;
    if (!host) throw new Error("no media worker is running");
    return host.open();
  }

  /** Each worker's figures (/metrics). */
  stats(): MediaWorkerStats[] {
    return this.hosts.map((h) => ({ index: h.index, alive: h.alive, restarts: h.restarts, legs: h.legs.size - h.spare.length, counters: h.counters }));
  }

  /** The worker a leg runs on (-1 for media on the main thread). */
  workerOf(media: LegMedia): number {
    return media instanceof RemoteCallMedia && this.hosts[media.link.index] === media.link ? media.link.index : -1;
  }

  /** Resolves when worker `index` runs again (tests, after a crash). */
  async whenAlive(index: number, timeoutMs = 10_000): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    while (performance.now() < until) {
      const host = this.hosts[index];
      if (host?.alive && host.spare.length > 0) return true;
      await Bun.sleep(20);
    }
    return false;
  }

  /** Tests: make worker `index` throw (an uncaught error kills it, as a bug would). */
  crash(index: number): void {
    this.hosts[index]?.post({ t: "crash" });
  }

  /** Tests: crash every worker that carries a call now; returns their indexes. */
  crashBusy(): number[] {
    const busy = this.hosts.filter((h) => h.alive && h.legs.size > h.spare.length).map((h) => h.index);
    for (const index of busy) this.crash(index);
    return busy;
  }

  close(): void {
    this.closed = true;
    for (const host of this.hosts) {
      for (const media of host.spare.splice(0)) media.close();
      host.shutdown(1000);
    }
  }

  private choose(near?: LegMedia): WorkerHost | undefined {
    if (near instanceof RemoteCallMedia && near.link instanceof WorkerHost && near.link.alive && this.hosts.includes(near.link)) return near.link;
    let best: WorkerHost | undefined;
    for (const h of this.hosts) if (h.alive && (!best || h.legs.size - h.spare.length < best.legs.size - best.spare.length)) best = h;
    return best;
  }
}
