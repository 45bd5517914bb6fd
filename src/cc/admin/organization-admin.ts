import { z } from "zod";
import { randomToken } from "../../lib/index.ts";
import type { Organization, PriceTable } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { missing, parseInput } from "./rule-error.ts";
import { priceTableSchema } from "./service-contract.ts";

/** The organization's name and domain (O3); the URL is derived from the domain. */
export const organizationSchema = z.object({
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253, "tooLong")
    .regex(/^(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/, "domain"),
});
export type OrganizationInput = z.input<typeof organizationSchema>;

/** The organization itself (O3) and its price table (O2). */
export class OrganizationAdmin {
  constructor(private readonly ctx: AdminContext) {}

  get(): Organization {
    return this.ctx.repos.organization.get() ?? (() => { throw missing("organization"); })();
  }

  update(actor: Actor, input: OrganizationInput): Organization {
    const v = parseInput(organizationSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const before = this.get();
      this.ctx.repos.organization.update(v);
      const after = this.get();
      return { action: "update", target: "organization", before, after, result: after };
    });
  }

  /** A new organization API key, returned once; the old one stops working at once (O3). */
  regenerateKey(actor: Actor): string {
    return this.ctx.changes.commit(actor, () => {
      const key = `cc_${randomToken(40)}`;
      this.ctx.repos.organization.setApiKey(key);
      return { action: "update", target: "organization/api-key", result: key };
    });
  }

  /** Change prices of the charges (O2); items not given keep theirs. */
  setPrices(actor: Actor, input: Record<string, unknown>): PriceTable {
    const v = parseInput(priceTableSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const before = this.ctx.repos.prices.table();
      for (const [item, amount] of Object.entries(v)) this.ctx.repos.prices.set(item, amount);
      const after = this.ctx.repos.prices.table();
      return { action: "update", target: "prices", before, after, result: after };
    });
  }
}
