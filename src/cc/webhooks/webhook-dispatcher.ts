import type { Clock, Event, Logger, TimerHandle } from "../../lib/index.ts";
import type { CallRecord, QueueEvent, Repos, WebhookDelivery } from "../../store/index.ts";
import type { AgentStateName, AgentStatus } from "../agent/index.ts";
import { agentState, callEnded, capReached, fromQueueEvent, type WebhookEvent } from "./webhook-events.ts";
import { signBody } from "./webhook-signature.ts";

/** How deliveries are tried (X3): exponential backoff, bounded tries, a timeout per POST. */
export interface WebhookOptions {
  /** The first retry waits this long; each next one twice as long (default 5 s). */
  backoffMs: number;
  /** Tries in all before a delivery is given up as failed (default 6: about 2.5 minutes of retries). */
  maxAttempts: number;
  /** Each POST is abandoned after this long (default 5 s). */
  timeoutMs: number;
  /** POSTs in flight at once (default 4). */
  concurrency: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = { backoffMs: 5000, maxAttempts: 6, timeoutMs: 5000, concurrency: 4 };

/** The typed events of the contact center that webhooks follow (ContactCenter satisfies it). */
export interface CenterEvents {
  readonly onCallFinished: Event<[CallRecord]>;
  readonly onQueueEvent: Event<[QueueEvent]>;
  readonly agents: { readonly onChange: Event<[AgentStatus, AgentStateName]> };
  /** An outbound minute cap refused a call (issue 16 point 6). */
  readonly outboundCaps?: { readonly onReached: Event<[Parameters<typeof capReached>[0]]> };
}

/** Finished deliveries are kept this long in the log. */
const KEEP_MS = 7 * 24 * 60 * 60_000;

/**
 * Delivers events to webhooks (X3) from a queue in the database: publishing only writes rows, so a
 * slow or failing receiver never holds up a call; each POST is signed (`X-CC-Signature`), bounded by
 * a timeout, and retried with exponential backoff until it succeeds or runs out of tries.
 */
export class WebhookDispatcher {
  private readonly o: WebhookOptions;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: TimerHandle | undefined;
  private stopped = true;

  constructor(
    private readonly d: { repos: Repos; clock: Clock; log: Logger; fetch?: typeof fetch; options?: Partial<WebhookOptions> },
  ) {
    this.o = { ...DEFAULT_WEBHOOK_OPTIONS, ...d.options };
  }

  /** Follow the contact center's events; returns the function that stops following. */
  attach(cc: CenterEvents): () => void {
    const safe = <A extends unknown[]>(make: (...a: A) => WebhookEvent | undefined) => (...a: A) => {
      try {
        const e = make(...a);
        if (e) this.publish(e);
      } catch (err) {
        this.d.log.error({ err: String(err) }, "webhook event not queued"); // never into the call's path
      }
    };
    const offs = [
      cc.onCallFinished.subscribe(safe((c: CallRecord) => callEnded(c, c.endedAt ?? this.d.clock.now()))),
      cc.onQueueEvent.subscribe(safe((e: QueueEvent) => fromQueueEvent(e, this.d.repos))),
      cc.agents.onChange.subscribe(safe((s: AgentStatus, prev: AgentStateName) => (s.state === prev ? undefined : agentState(s, prev)))),
    ];
    if (cc.outboundCaps) offs.push(cc.outboundCaps.onReached.subscribe(safe(capReached)));
    return () => offs.forEach((off) => off());
  }

  /** Queue an event for every webhook that wants it; delivery follows outside the caller's path. */
  publish(e: WebhookEvent): number {
    const hooks = this.d.repos.webhooks.list().filter((h) => h.events.includes(e.type) && (!h.serviceId || h.serviceId === e.serviceId));
    if (!hooks.length) return 0;
    const body = JSON.stringify(e);
    const now = this.d.clock.now();
    this.d.repos.transaction(() => {
      for (const h of hooks) this.d.repos.webhooks.enqueue({ webhookId: h.id, eventId: e.id, event: e.type, body }, now);
    });
    if (!this.stopped) this.schedule(0);
    return hooks.length;
  }

  /** Start delivering (deliveries left pending by a restart included). */
  start(): void {
    this.stopped = false;
    const now = this.d.clock.now();
    this.d.repos.webhooks.requeueOrphans(now);
    this.d.repos.webhooks.prune(now - KEEP_MS);
    this.schedule(0);
  }

  /** Stop delivering; pending deliveries stay queued for the next start. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Wait until the POSTs in flight now have finished (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }

  /** Start the due deliveries (up to the concurrency), then sleep until the next one is due. */
  private pump(): void {
    if (this.stopped) return;
    const { webhooks } = this.d.repos;
    const free = this.o.concurrency - this.inFlight.size;
    if (free > 0) {
      for (const delivery of webhooks.due(this.d.clock.now(), free)) {
        webhooks.claim(delivery.id);
        const p = this.deliver(delivery).finally(() => {
          this.inFlight.delete(p);
          if (!this.stopped) this.schedule(0);
        });
        this.inFlight.add(p);
      }
    }
    const next = webhooks.nextDue();
    if (next !== undefined && this.inFlight.size < this.o.concurrency) this.schedule(Math.max(0, next - this.d.clock.now()));
  }

  /** One try: POST the signed body; record delivered, retry later, or failed for good. */
  private async deliver(d: WebhookDelivery): Promise<void> {
    const hook = this.d.repos.webhooks.get(d.webhookId);
    if (!hook) return; // removed meanwhile (its deliveries go with it)
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await (this.d.fetch ?? fetch)(hook.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "contact-center-webhooks/1",
          "X-CC-Signature": signBody(hook.secret, d.body),
          "X-CC-Event": d.event,
          "X-CC-Event-Id": d.eventId,
          "X-CC-Delivery": String(d.id),
        },
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const attempts = d.attempts + 1;
    const now = this.d.clock.now();
    if (!this.d.repos.webhooks.get(d.webhookId)) return;
    if (!error) {
      this.d.repos.webhooks.attempted(d.id, { state: "delivered", status, doneAt: now });
    } else if (attempts >= this.o.maxAttempts) {
      this.d.repos.webhooks.attempted(d.id, { state: "failed", status, error: error.slice(0, 300), doneAt: now });
      this.d.log.warn({ webhookId: hook.id, event: d.event, attempts, error }, "webhook delivery given up");
    } else {
      const nextAt = now + this.o.backoffMs * 2 ** (attempts - 1);
      this.d.repos.webhooks.attempted(d.id, { state: "pending", status, error: error.slice(0, 300), nextAt });
      this.d.log.info({ webhookId: hook.id, event: d.event, attempts, error, retryInMs: nextAt - now }, "webhook delivery failed; will retry");
    }
  }
}
