import { Event, type Clock, type Logger } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import type { Actor } from "./actor.ts";

/** What one operation changed: the audit entry's action and target, and the object before and after. */
export interface Change {
  serviceId?: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** A committed change, as published to live views and webhooks. */
export interface CenterChange extends Change {
  actor: Actor;
  at: number;
}

/**
 * The one place a change to the center is committed: the operation's writes and its audit entry
 * (who, what, before, after) in one transaction, then `onChange` for the side effects that live
 * outside the database (SSE, webhooks, metrics). Looks that H5 wants logged go through `access`.
 */
export class ChangeLog {
  readonly onChange = new Event<[CenterChange]>();

  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Run `apply` (which writes and describes its change) and its audit entry in one transaction. */
  commit<T>(actor: Actor, apply: () => Change & { result: T }): T {
    const at = this.clock.now();
    const done = this.repos.transaction(() => {
      const out = apply();
      this.write(actor, out, at);
      return out;
    });
    const { result, ...change } = done;
    this.log.info({ actor: actor.id, actorKind: actor.kind, serviceId: change.serviceId, action: change.action, target: change.target }, "change");
    this.onChange.execute({ ...change, actor, at });
    return result;
  }

  /** Record a view, play, download or export (H5); nothing else changes. */
  access(actor: Actor, serviceId: string | undefined, action: string, target: string): void {
    this.write(actor, { serviceId, action, target }, this.clock.now());
  }

  private write(actor: Actor, c: Change, at: number): void {
    this.repos.audit.record(
      { serviceId: c.serviceId, loginId: actor.id, actorKind: actor.kind, action: c.action, target: c.target, ip: actor.ip, before: c.before, after: c.after },
      at,
    );
  }
}
