import { AppError, type Clock } from "../../lib/index.ts";
import type { CallbackLogEntry, CallbackRequest, CallbackState, Repos } from "../../store/index.ts";

/** Unanswered return calls before a request is marked failed (C7). */
export const DEFAULT_CALLBACK_TRIES = 3;

/** A callback request with its change log (H3). */
export interface CallbackView extends CallbackRequest {
  log: CallbackLogEntry[];
}

/**
 * The callback list of a service (C7, A10, H3): requests move requested → completed | deleted |
 * failed; every change is logged with agent and time.
 */
export class Callbacks {
  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly maxTries = DEFAULT_CALLBACK_TRIES,
  ) {}

  /** All requests of a service, oldest first, each with its log; optionally one state only. */
  list(serviceId: string, state?: CallbackState): CallbackView[] {
    return this.repos.callbacks
      .list(serviceId)
      .filter((c) => state === undefined || c.state === state)
      .map((c) => ({ ...c, log: this.repos.callbacks.history(c.id) }));
  }

  /** The agent's return call was answered: completed (`callId`: the return call, kept in the log). */
  complete(serviceId: string, id: number, agent: string, callId?: string): CallbackRequest {
    return this.change(serviceId, id, { action: "completed", state: "completed", agent, note: callId });
  }

  /** An agent is calling the number back now (the return call `callId` is linked in the log, C7). */
  dialled(serviceId: string, id: number, agent: string, callId: string): CallbackRequest {
    return this.change(serviceId, id, { action: "dialled", state: "requested", agent, note: callId });
  }

  /** Removed from the list: deleted. */
  remove(serviceId: string, id: number, agent: string | null): CallbackRequest {
    return this.change(serviceId, id, { action: "deleted", state: "deleted", agent });
  }

  /** Marked failed by an agent. */
  fail(serviceId: string, id: number, agent: string): CallbackRequest {
    return this.change(serviceId, id, { action: "failed", state: "failed", agent });
  }

  /** A return call went unanswered; failed after the configured tries (C7). */
  unanswered(serviceId: string, id: number, agent: string, callId?: string): CallbackRequest {
    const cur = this.open(serviceId, id);
    const tries = cur.tries + 1;
    const state: CallbackState = tries >= this.maxTries ? "failed" : "requested";
    return this.change(serviceId, id, { action: "unanswered", state, tries, agent, note: callId });
  }

  private open(serviceId: string, id: number): CallbackRequest {
    const cur = this.repos.callbacks.get(id);
    if (!cur || cur.serviceId !== serviceId) throw new AppError(404, "callback-not-found", "no such callback request");
    if (cur.state !== "requested") throw new AppError(409, "callback-closed", `callback request is ${cur.state}`);
    return cur;
  }

  private change(
    serviceId: string,
    id: number,
    c: { action: string; state: CallbackState; agent: string | null; tries?: number; note?: string },
  ): CallbackRequest {
    this.open(serviceId, id);
    return this.repos.callbacks.change(id, c, this.clock.now())!;
  }
}
