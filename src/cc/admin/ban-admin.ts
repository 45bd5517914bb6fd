import type { Actor } from "./actor.ts";
import type { AdminContext } from "./admin-context.ts";
import { refuse } from "./rule-error.ts";

/**
 * Bans of SIP sources (T9) lifted by hand: through the live SIP server when it runs (its hook),
 * else in the database, which the running appliance re-reads every few seconds (the CLI's case).
 */
export class BanAdmin {
  constructor(private readonly ctx: AdminContext) {}

  lift(actor: Actor, address: string): void {
    this.ctx.changes.commit(actor, () => {
      const live = this.ctx.hooks.bans;
      const lifted = live ? live.lift(address) : this.ctx.repos.bans.remove(address);
      if (!lifted) throw refuse("address", "notFound", 404);
      return { action: "lift-ban", target: `bans/${address}`, result: undefined };
    });
  }
}
