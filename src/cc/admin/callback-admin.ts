import { z } from "zod";
import type { CallbackRequest } from "../../store/index.ts";
import { Callbacks } from "../callback/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { storedFlow } from "./flow-admin.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** What an admin, an agent or the API does to an open callback request (C7, A10). */
export const callbackChangeSchema = z.object({
  op: z.enum(["complete", "fail", "remove"], "format"),
  /** The agent who did it (login id of the service); the actor when absent. */
  agent: z.string().min(1, "required").max(64, "tooLong").optional(),
});
export type CallbackChangeInput = z.input<typeof callbackChangeSchema>;

/** A callback asked for on a caller's behalf (the "no lost caller" worklist, issue 15). */
export const callbackAskSchema = z.object({
  number: z.string().trim().min(1, "required").max(32, "tooLong").regex(/^\+?[0-9\s\-.()]+$/, "format"),
  /** The lost call it comes from: its queue is the request's (else the service's first queue). */
  callId: z.string().max(64, "tooLong").optional(),
  queueId: z.string().max(64, "tooLong").optional(),
});
export type CallbackAskInput = z.input<typeof callbackAskSchema>;

/** Callback requests changed by hand (C7): completed, failed or deleted, logged with agent and time; or asked for. */
export class CallbackAdmin {
  private readonly list: Callbacks;

  constructor(private readonly ctx: AdminContext) {
    this.list = new Callbacks(ctx.repos, ctx.clock, (serviceId) => storedFlow(ctx.repos, serviceId, ctx.log));
  }

  change(actor: Actor, serviceId: string, id: number, input: CallbackChangeInput): CallbackRequest {
    const v = parseInput(callbackChangeSchema, input);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = this.ctx.repos.callbacks.get(id);
      if (!before || before.serviceId !== serviceId) throw refuse("id", "notFound", 404);
      if (before.state !== "requested") throw refuse("id", "callbackClosed", 409);
      if (v.agent !== undefined && !this.ctx.repos.agents.get(serviceId, v.agent)) throw refuse("agent", "unknown");
      const by = v.agent ?? (actor.kind === "api-key" ? "api" : actor.id);
      const after =
        v.op === "complete" ? this.list.complete(serviceId, id, by) : v.op === "fail" ? this.list.fail(serviceId, id, by) : this.list.remove(serviceId, id, by);
      return { serviceId, action: v.op, target: `callbacks/${id} (${before.number})`, before, after, result: after };
    });
  }

  /**
   * A callback for a lost caller, one click from the worklist (issue 15): a new request in the lost
   * call's queue, or the number's open request when it has one (one pending request per number, C7).
   * Its place in the line is the lost call's queue entry (else its start).
   */
  request(actor: Actor, serviceId: string, input: CallbackAskInput): { request: CallbackRequest; created: boolean } {
    const v = parseInput(callbackAskSchema, input);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const call = v.callId ? this.ctx.repos.calls.get(v.callId) : undefined;
      if (v.callId && (!call || call.serviceId !== serviceId)) throw refuse("callId", "notFound", 404);
      const queues = this.ctx.repos.queues.list(serviceId);
      const queueId = v.queueId ?? call?.queueId ?? queues[0]?.queueId;
      if (!queueId || !queues.some((q) => q.queueId === queueId)) throw refuse("queueId", v.queueId ? "unknown" : "required");
      const by = actor.kind === "api-key" ? "api" : actor.id;
      const out = this.list.request({
        serviceId, queueId, callId: call?.callId ?? null, number: v.number, placeAt: call?.queuedAt ?? call?.startedAt, agent: by,
      });
      const target = `callbacks/${out.request.id} (${out.request.number})`;
      return { serviceId, action: out.created ? "request" : "request-again", target, after: out.request, result: out };
    });
  }
}
