/** One server-sent event: a name and its data (may span lines). */
export interface SseEvent {
  event: string;
  data: string;
}

/** Options of {@link sseResponse}. */
export interface SseOptions {
  /** How often `tick` runs (the figures' maximum age), ms. */
  intervalMs: number;
  /** A comment line is sent when nothing else went out for this long (Bun drops connections idle for 10 s), ms. */
  heartbeatMs: number;
  /** The events now; an event is sent only when its data differs from the last one of that name. */
  tick(): SseEvent[] | Promise<SseEvent[]>;
  /** Aborts the stream (the request's signal). */
  signal?: AbortSignal;
  /** Called when a tick throws; the stream goes on. */
  onError?(err: unknown): void;
}

/** The wire form of one event (WHATWG HTML §9.2: every data line prefixed, a blank line ends it). */
export function formatEvent(e: SseEvent): string {
  const data = e.data.split(/\r?\n/).map((line) => `data: ${line}`).join("\n");
  return `event: ${e.event}\n${data}\n\n`;
}

/**
 * A `text/event-stream` response that runs `tick` every `intervalMs`, sends changed events at once
 * and heartbeat comments (`: hb`) so idle limits never cut the connection; stops on abort or cancel.
 */
export function sseResponse(o: SseOptions): Response {
  const enc = new TextEncoder();
  const last = new Map<string, string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastSent = Date.now();
  let busy = false;
  let closed = false;
  const stop = () => {
    closed = true;
    if (timer) clearInterval(timer);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(ctrl) {
      const send = (text: string) => {
        if (closed) return;
        try {
          ctrl.enqueue(enc.encode(text));
          lastSent = Date.now();
        } catch {
          stop();
        }
      };
      const run = async () => {
        if (busy || closed) return;
        busy = true;
        try {
          for (const e of await o.tick()) {
            if (last.get(e.event) === e.data) continue;
            last.set(e.event, e.data);
            send(formatEvent(e));
          }
        } catch (err) {
          o.onError?.(err);
        } finally {
          busy = false;
        }
        if (Date.now() - lastSent >= o.heartbeatMs) send(": hb\n\n");
      };
      send(`retry: ${Math.max(1000, o.intervalMs)}\n: connected\n\n`);
      void run();
      timer = setInterval(run, o.intervalMs);
      o.signal?.addEventListener("abort", () => {
        stop();
        try {
          ctrl.close();
        } catch {
          // already closed by the client
        }
      });
    },
    cancel: stop,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
}
