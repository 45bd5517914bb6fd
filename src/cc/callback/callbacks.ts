import { AppError, type Clock } from "../../lib/index.ts";
import type { CallbackLogEntry, CallbackRequest, CallbackState, Repos } from "../../store/index.ts";

/** Unanswered return calls before a request is marked failed (C7), when the service sets nothing. */
export const DEFAULT_CALLBACK_TRIES = 3;
/** Minutes before an unanswered return call is tried again, when the service sets nothing. */
export const DEFAULT_CALLBACK_RETRY_MINUTES = 10;

/** A service's callback settings (its flow's callbackTries and callbackRetryMinutes). */
export interface CallbackSettings {
  callbackTries: number;
  callbackRetryMinutes: number;
}

/** A callback request with its change log (H3). */
export interface CallbackView extends CallbackRequest {
  log: CallbackLogEntry[];
}

/** What asks for a callback: the waiting caller's key, or an admin from the worklist. */
export interface CallbackAsk {
  serviceId: string;
  queueId: string;
  /** The call the request comes from (the caller's, or the lost call on the worklist). */
  callId: string | null;
  number: string;
  /** When the caller entered the queue: the request keeps that place (default now). */
  placeAt?: number;
  /** Who asked on the caller's behalf (an admin, an agent); null for the caller's own key. */
  agent?: string | null;
}

/** Digits (and a leading +) only, so "010-1234-5678" and "01012345678" are one number. */
export const numberKey = (n: string): string => n.replace(/[\s\-.()]/g, "");

/**
 * The callback list of a service (C7, A10, H3): requests move requested → completed | deleted |
 * failed; every change is logged with agent and time. One open request per number: asking again
 * keeps the first (and its place in the line). An unanswered return call is tried again after the
 * service's retry delay, and fails after its number of tries.
 */
export class Callbacks {
  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly settings: (serviceId: string) => CallbackSettings = () => ({
      callbackTries: DEFAULT_CALLBACK_TRIES, callbackRetryMinutes: DEFAULT_CALLBACK_RETRY_MINUTES,
    }),
  ) {}

  /** All requests of a service, oldest first, each with its log; optionally one state only. */
  list(serviceId: string, state?: CallbackState): CallbackView[] {
    return this.repos.callbacks
      .list(serviceId)
      .filter((c) => state === undefined || c.state === state)
      .map((c) => ({ ...c, log: this.repos.callbacks.history(c.id) }));
  }

  /** The open request for this number, if any. */
  openFor(serviceId: string, number: string): CallbackRequest | undefined {
    const k = numberKey(number);
    return this.repos.callbacks.open(serviceId).find((c) => numberKey(c.number) === k);
  }

  /**
   * A new request, or — when the number already has an open one — that one, with "requested
   * again" in its log (one pending request per number, C7). `created` tells which.
   */
  request(ask: CallbackAsk): { request: CallbackRequest; created: boolean } {
    const now = this.clock.now();
    const open = this.openFor(ask.serviceId, ask.number);
    if (open) {
      const request = this.repos.callbacks.change(
        open.id, { action: "requested-again", state: "requested", agent: ask.agent ?? null, note: ask.callId }, now,
      )!;
      return { request, created: false };
    }
    const created = this.repos.callbacks.create({ ...ask, placeAt: ask.placeAt ?? now }, now);
    if (ask.agent) return { request: this.repos.callbacks.change(created.id, { action: "requested-by", state: "requested", agent: ask.agent }, now)!, created: true };
    return { request: created, created: true };
  }

  /** The agent's return call was answered: completed (`callId`: the return call, kept in the log). */
  complete(serviceId: string, id: number, agent: string, callId?: string): CallbackRequest {
    return this.change(serviceId, id, { action: "completed", state: "completed", agent, note: callId, nextTryAt: null });
  }

  /** An agent is calling the number back now (the return call `callId` is linked in the log, C7). */
  dialled(serviceId: string, id: number, agent: string, callId: string): CallbackRequest {
    return this.change(serviceId, id, { action: "dialled", state: "requested", agent, note: callId });
  }

  /** Removed from the list: deleted. */
  remove(serviceId: string, id: number, agent: string | null): CallbackRequest {
    return this.change(serviceId, id, { action: "deleted", state: "deleted", agent, nextTryAt: null });
  }

  /** Marked failed by an agent. */
  fail(serviceId: string, id: number, agent: string): CallbackRequest {
    return this.change(serviceId, id, { action: "failed", state: "failed", agent, nextTryAt: null });
  }

  /**
   * A return call went unanswered (C7): tried again after the service's retry delay, failed after
   * its number of tries. The log notes the return call; an open request's nextTryAt says when it is tried again.
   */
  unanswered(serviceId: string, id: number, agent: string, callId?: string): CallbackRequest {
    const cur = this.open(serviceId, id);
    const s = this.settings(serviceId);
    const tries = cur.tries + 1;
    if (tries >= s.callbackTries) return this.change(serviceId, id, { action: "unanswered", state: "failed", tries, agent, note: callId, nextTryAt: null });
    // The note stays the return call's id (it links the call); the next try is the request's nextTryAt.
    const nextTryAt = this.clock.now() + s.callbackRetryMinutes * 60_000;
    return this.change(serviceId, id, { action: "unanswered", state: "requested", tries, agent, note: callId, nextTryAt });
  }

  /**
   * Not dialled before `at` (C7): the service is closed (`why`: closed-hours or closed-holiday) and
   * the request waits for the next opening, or the dial could not start. The record says so.
   */
  postpone(serviceId: string, id: number, at: number, why: string): CallbackRequest {
    return this.change(serviceId, id, {
      action: "waiting", state: "requested", agent: null, note: `${why} until ${new Date(at).toISOString()}`, nextTryAt: at,
    });
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
    c: { action: string; state: CallbackState; agent: string | null; tries?: number; note?: string; nextTryAt?: number | null },
  ): CallbackRequest {
    this.open(serviceId, id);
    return this.repos.callbacks.change(id, c, this.clock.now())!;
  }
}
