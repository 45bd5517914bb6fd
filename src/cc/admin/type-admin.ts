import { z } from "zod";
import type { ConsultationType } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { parseInput, refuse } from "./rule-error.ts";

/** A consultation type's name (G7). */
export const typeNameSchema = z.object({ name: z.string().trim().min(1, "required").max(50, "tooLong") });

/** What can be done to a consultation type (G7). */
export const typeOpSchema = z.enum(["rename", "up", "down", "retire", "restore"], "format");
export type TypeOp = z.output<typeof typeOpSchema>;

/** Consultation types (G7): add, rename, order, retire and restore; names are unique in a service. */
export class TypeAdmin {
  constructor(private readonly ctx: AdminContext) {}

  add(actor: Actor, serviceId: string, input: { name: string }): ConsultationType {
    const { name } = parseInput(typeNameSchema, input);
    const repo = this.ctx.repos.consultationTypes;
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      if (repo.findByName(serviceId, name)) throw refuse("name", "duplicate", 409);
      const t = repo.add(serviceId, name, this.ctx.clock.now());
      return { serviceId, action: "create", target: `types/${name}`, after: t, result: t };
    });
  }

  change(actor: Actor, serviceId: string, typeId: number, op: string, input: { name?: string } = {}): void {
    const o = parseInput(typeOpSchema, op);
    const repo = this.ctx.repos.consultationTypes;
    const name = o === "rename" ? parseInput(typeNameSchema, input).name : undefined;
    this.ctx.changes.commit(actor, () => {
      const before = repo.get(serviceId, typeId);
      if (!before) throw refuse("name", "notFound", 404);
      if (name !== undefined) {
        const other = repo.findByName(serviceId, name);
        if (other && other.id !== typeId) throw refuse("name", "duplicate", 409);
        repo.update(serviceId, typeId, { name });
      } else if (o === "up" || o === "down") repo.move(serviceId, typeId, o === "up" ? -1 : 1);
      else repo.update(serviceId, typeId, { retired: o === "retire" });
      return { serviceId, action: o, target: `types/${before.name}`, before, after: repo.get(serviceId, typeId), result: undefined };
    });
  }
}
