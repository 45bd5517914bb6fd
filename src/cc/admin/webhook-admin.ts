import { z } from "zod";
import { randomToken } from "../../lib/index.ts";
import type { Webhook } from "../../store/index.ts";
import { WEBHOOK_EVENTS } from "../webhooks/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

const httpUrl = z
  .string()
  .trim()
  .max(2000, "tooLong")
  .refine((u) => {
    try {
      const url = new URL(u);
      return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password;
    } catch {
      return false;
    }
  }, "url");

/** A new webhook (X3): where to POST, which events, optionally only one service's. */
export const webhookSchema = z.object({
  url: httpUrl,
  events: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(WEBHOOK_EVENTS, "unknownEvent")).min(1, "required")),
  serviceId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().optional()),
});
export type WebhookInput = z.input<typeof webhookSchema>;

/** At most this many webhooks. */
export const MAX_WEBHOOKS = 20;

/** Webhooks (X3): add (the signing secret is shown once), list, remove. */
export class WebhookAdmin {
  constructor(private readonly ctx: AdminContext) {}

  list(): Webhook[] {
    return this.ctx.repos.webhooks.list();
  }

  /** Add a webhook; its `secret` is in the answer (and the page) once. */
  add(actor: Actor, input: WebhookInput): Webhook {
    const v = parseInput(webhookSchema, input);
    const { repos, clock } = this.ctx;
    if (v.serviceId && !repos.services.get(v.serviceId)) throw refuse("serviceId", "notFound", 404);
    return this.ctx.changes.commit(actor, () => {
      if (repos.webhooks.list().length >= MAX_WEBHOOKS) throw refuse("url", "tooMany", 409);
      const hook: Webhook = {
        id: `wh_${randomToken(12)}`, url: v.url, events: [...new Set(v.events)], serviceId: v.serviceId,
        secret: `whsec_${randomToken(32)}`, createdAt: clock.now(),
      };
      repos.webhooks.add(hook);
      const { secret: _, ...shown } = hook;
      return { serviceId: v.serviceId, action: "create", target: `webhooks/${hook.id}`, after: shown, result: hook };
    });
  }

  remove(actor: Actor, id: string): void {
    this.ctx.changes.commit(actor, () => {
      const before = this.ctx.repos.webhooks.get(id);
      if (!before || !this.ctx.repos.webhooks.remove(id)) throw refuse("id", "notFound", 404);
      const { secret: _, ...shown } = before;
      return { serviceId: before.serviceId, action: "delete", target: `webhooks/${id}`, before: shown, result: undefined };
    });
  }
}
