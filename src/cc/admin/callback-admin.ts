import { z } from "zod";
import type { CallbackRequest } from "../../store/index.ts";
import { Callbacks } from "../callback/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** What an admin, an agent or the API does to an open callback request (C7, A10). */
export const callbackChangeSchema = z.object({
  op: z.enum(["complete", "fail", "remove"], "format"),
  /** The agent who did it (login id of the service); the actor when absent. */
  agent: z.string().min(1, "required").max(64, "tooLong").optional(),
});
export type CallbackChangeInput = z.input<typeof callbackChangeSchema>;

/** Callback requests changed by hand (C7): completed, failed or deleted, logged with agent and time. */
export class CallbackAdmin {
  private readonly list: Callbacks;

  constructor(private readonly ctx: AdminContext) {
    this.list = new Callbacks(ctx.repos, ctx.clock);
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
}
