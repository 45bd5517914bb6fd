import { Event, type Clock, type Logger, type TimerHandle } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { Flow } from "../ivr/index.ts";
import type { PromptEar } from "./canary-leg.ts";
import { walkNumber, type CanaryStep } from "./canary-walk.ts";

/** Minutes between scheduled canary calls when unset (CC_CANARY_MINUTES; 0 = off). */
export const DEFAULT_CANARY_MINUTES = 60;
/** The start-up canary call comes this long after start (or at the first scheduled run, if sooner). */
export const STARTUP_CANARY_MS = 10_000;
/** A save is followed by one canary call this long after the last save in a burst. */
const AFTER_SAVE_MS = 2_000;
/** Saves that change a caller's path: hours, holidays, the ARS and its menu, queues, prompts. */
const PATH_TARGET = /^(ivr|hours|holidays|menu|queues|assignment|prompts|work-settings)\b/;

/** The result of one canary call of one service: every step of every number. */
export interface CanaryResult {
  serviceId: string;
  at: number;
  ok: boolean;
  /** Why it ran: the start-up, the schedule, a save, or a request (API / command line). */
  trigger: "startup" | "schedule" | "save" | "request";
  steps: CanaryStep[];
  /** The first failing step (number and step named). */
  failure?: CanaryStep;
}

export interface CanaryOptions {
  repos: Repos;
  clock: Clock;
  log: Logger;
  /** The service's ARS flow as calls get it. */
  flow(serviceId: string): Flow;
  /** Hears a prompt at a real RTP endpoint (main wires media's probe). */
  ear: PromptEar;
  /** The numbers that reach a service (its DIDs); default its representative number. */
  numbers?(serviceId: string): string[];
  /** Minutes between scheduled runs; 0 = only after saves and on request. */
  minutes: number;
  /** Delay of the start-up run after {@link Canary.start} (default {@link STARTUP_CANARY_MS}). */
  startupMs?: number;
}

/**
 * The canary call (issue 17 point 5): the appliance walks each service number's path as an
 * internal caller — greeting audible, hours verdict as configured, menu keys reaching their queues —
 * on a schedule, after every save of hours, holidays, the ARS or queues, and on request. Each result
 * is logged (an error naming the number and step when it fails), stored as the service's latest
 * (with a short history, so a restart forgets no failure: {@link Canary.latest} answers from the
 * stored results at once) and announced on `onResult` (dashboard, /metrics, the `canary.failed`
 * webhook). A box that restarts broken says so shortly after start: {@link Canary.start} walks
 * every service once soon after, before the first scheduled run.
 */
export class Canary {
  readonly onResult = new Event<[CanaryResult]>();
  private readonly latestBy = new Map<string, CanaryResult>();
  private readonly running = new Map<string, Promise<CanaryResult>>();
  private readonly pendingSave = new Map<string, TimerHandle>();
  private timer?: TimerHandle;

  constructor(private readonly o: CanaryOptions) {
    for (const e of o.repos.selfChecks.latestAll("canary")) this.latestBy.set(e.serviceId, e.result as CanaryResult);
  }

  /** Walk every number of a service now (one run at a time per service; a second call shares it). */
  run(serviceId: string, trigger: CanaryResult["trigger"] = "request"): Promise<CanaryResult> {
    const busy = this.running.get(serviceId);
    if (busy) return busy;
    const p = this.walk(serviceId, trigger).finally(() => this.running.delete(serviceId));
    this.running.set(serviceId, p);
    return p;
  }

  /** Walk every active service. */
  async runAll(trigger: CanaryResult["trigger"] = "request"): Promise<CanaryResult[]> {
    const out: CanaryResult[] = [];
    for (const s of this.o.repos.services.list()) if (s.state === "active") out.push(await this.run(s.serviceId, trigger));
    return out;
  }

  /** The service's latest result, stored before a restart too. */
  latest(serviceId: string): CanaryResult | undefined {
    return this.latestBy.get(serviceId);
  }

  /** Every service's latest result (the gauges set again at start-up). */
  latestAll(): CanaryResult[] {
    return [...this.latestBy.values()];
  }

  /** The service's stored results, newest first. */
  history(serviceId: string, limit?: number): CanaryResult[] {
    return this.o.repos.selfChecks.history("canary", serviceId, limit).map((e) => e.result as CanaryResult);
  }

  /** A change was committed (the administration's change log): a path change is walked shortly after. */
  changed(c: { serviceId?: string; target: string }): void {
    if (!c.serviceId || !PATH_TARGET.test(c.target)) return;
    const id = c.serviceId;
    const prev = this.pendingSave.get(id);
    if (prev) this.o.clock.clearTimeout(prev);
    this.pendingSave.set(id, this.o.clock.setTimeout(() => {
      this.pendingSave.delete(id);
      void this.run(id, "save").catch((e: unknown) => this.o.log.error({ serviceId: id, err: String(e) }, "canary after a save failed"));
    }, AFTER_SAVE_MS));
  }

  /**
   * Run every `minutes`, and once soon after start ({@link STARTUP_CANARY_MS}, not blocking it) so a
   * box that restarts broken says so at once; when the interval is shorter, its first run is that one.
   */
  start(): void {
    if (this.o.minutes <= 0) return;
    const every = this.o.minutes * 60_000;
    const tick = (trigger: CanaryResult["trigger"]) => {
      void this.runAll(trigger).catch((e: unknown) => this.o.log.error({ err: String(e), trigger }, "scheduled canary failed"));
      this.timer = this.o.clock.setTimeout(() => tick("schedule"), every);
    };
    const startup = this.o.startupMs ?? STARTUP_CANARY_MS;
    this.timer = startup < every ? this.o.clock.setTimeout(() => tick("startup"), startup) : this.o.clock.setTimeout(() => tick("schedule"), every);
  }

  stop(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    for (const t of this.pendingSave.values()) this.o.clock.clearTimeout(t);
    this.pendingSave.clear();
  }

  private async walk(serviceId: string, trigger: CanaryResult["trigger"]): Promise<CanaryResult> {
    const service = this.o.repos.services.get(serviceId);
    const at = this.o.clock.now();
    const steps: CanaryStep[] = [];
    if (service) {
      const numbers = [...new Set((this.o.numbers?.(serviceId) ?? [service.number]).filter((n) => n !== ""))];
      const flow = this.o.flow(serviceId);
      const queues = this.o.repos.queues.list(serviceId);
      for (const number of numbers) {
        steps.push(...(await walkNumber({ service, number, flow, queues, ear: this.o.ear, clock: this.o.clock, log: this.o.log })));
      }
    }
    const failure = steps.find((s) => !s.ok);
    const result: CanaryResult = { serviceId, at, ok: failure === undefined, trigger, steps, ...(failure ? { failure } : {}) };
    if (failure) this.o.log.error({ serviceId, number: failure.number, step: failure.step, code: failure.code, detail: failure.detail, trigger }, "canary call failed");
    else this.o.log.info({ serviceId, steps: steps.length, trigger }, "canary call passed");
    this.latestBy.set(serviceId, result);
    try {
      this.o.repos.selfChecks.record({ kind: "canary", serviceId, at, ok: result.ok, result });
    } catch (e) {
      this.o.log.error({ serviceId, err: String(e) }, "canary result not stored (shown until a restart only)");
    }
    this.onResult.execute(result);
    return result;
  }
}
