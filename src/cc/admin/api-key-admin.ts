import { z } from "zod";
import { randomToken } from "../../lib/index.ts";
import { ORGANIZATION_KEY } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** A named API key (X3): the name is what the audit log shows for what the key did. */
export const apiKeyNameSchema = z.object({
  name: z.string().trim().min(1, "required").max(40, "tooLong").regex(/^[\w.-]+$/, "format"),
  /** X4: limit the key to one service's part of the API. */
  serviceId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().optional()),
});

/** API keys besides the organization's own (X3, H5): add (the key is shown once), list, revoke. */
export class ApiKeyAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** Make a key for an integration; returns it once (only its hash is kept). */
  add(actor: Actor, input: { name: string; serviceId?: string }): string {
    const { name, serviceId } = parseInput(apiKeyNameSchema, input);
    return this.ctx.changes.commit(actor, () => {
      if (name === ORGANIZATION_KEY || this.ctx.repos.organization.apiKeys().some((k) => k.name === name)) throw refuse("name", "duplicate", 409);
      if (serviceId !== undefined && !this.ctx.repos.services.get(serviceId)) throw refuse("serviceId", "notFound", 404);
      const key = `cc_${randomToken(24)}`;
      this.ctx.repos.organization.addApiKey(name, key, this.ctx.clock.now(), serviceId);
      return { serviceId, action: "create", target: `api-keys/${name}`, after: { name, serviceId }, result: key };
    });
  }

  list(): { name: string; createdAt: number; serviceId?: string }[] {
    return this.ctx.repos.organization.apiKeys();
  }

  revoke(actor: Actor, name: string): void {
    this.ctx.changes.commit(actor, () => {
      if (!this.ctx.repos.organization.removeApiKey(name)) throw refuse("name", "notFound", 404);
      return { action: "delete", target: `api-keys/${name}`, before: { name }, result: undefined };
    });
  }
}
