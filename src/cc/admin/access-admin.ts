import { z } from "zod";
import { inRanges, parseCidr } from "../../lib/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** The admin address ranges of a service (G10): one CIDR per line, optionally followed by a note. */
export const accessRangesSchema = z.object({
  ranges: z
    .string()
    .max(10_000, "tooLong")
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [cidr = "", ...note] = l.split(/\s+/);
          return { cidr, note: note.join(" ").slice(0, 100) };
        }),
    )
    .refine((list) => list.length <= 100, "tooLong")
    .refine((list) => list.every((r) => parseCidr(r.cidr)), "cidr"),
});

/** Access management (G10): a list that would lock out the admin saving it is refused; the CLI may clear a lock-out. */
export class AccessAdmin {
  constructor(private readonly ctx: AdminContext) {}

  replace(actor: Actor, serviceId: string, input: { ranges: string }): void {
    const { ranges } = parseInput(accessRangesSchema, input);
    this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      if (ranges.length && actor.ip !== undefined && !inRanges(actor.ip, ranges.map((x) => x.cidr))) throw refuse("ranges", "lockout");
      const before = this.ctx.repos.access.list(serviceId).map((r) => ({ cidr: r.cidr, note: r.note }));
      this.ctx.repos.access.replace(serviceId, ranges, this.ctx.clock.now());
      return { serviceId, action: "update", target: `access (${ranges.map((x) => x.cidr).join(" ") || "any"})`, before, after: ranges, result: undefined };
    });
  }

  /** Remove every range of a service (the command line's way out of a lock-out); returns how many. */
  clear(actor: Actor, serviceId: string): number {
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = this.ctx.repos.access.list(serviceId).map((r) => ({ cidr: r.cidr, note: r.note }));
      const n = this.ctx.repos.access.clear(serviceId);
      return { serviceId, action: "update", target: "access (cleared)", before, after: [], result: n };
    });
  }
}
