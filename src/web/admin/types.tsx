import { Hono, type Context } from "hono";
import { z } from "zod";
import { TypesPage, TypesSection, type TypesProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** A consultation type's name (G7). */
export const typeNameSchema = z.object({ name: z.string().trim().min(1, "required").max(50, "tooLong") });
const opSchema = z.enum(["rename", "up", "down", "retire", "restore"]);

/** Consultation types (G7): add, rename, order, retire and restore. */
export function typesRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const repo = deps.repos.consultationTypes;
  const render = (c: Context<ServiceEnv>, extra: Partial<TypesProps> = {}, status: 200 | 422 = 200) => {
    const props: TypesProps = { frame: frameOf(c, deps), types: repo.list(c.get("service").serviceId), ...extra };
    return respond(c, () => <TypesPage {...props} />, () => <TypesSection {...props} />, status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const r = check(typeNameSchema, fields);
    const values = { name: String(fields.name ?? "") };
    if (!r.ok) return render(c, { errors: r.errors, values }, 422);
    if (repo.findByName(id, r.value.name)) return render(c, { errors: { name: "duplicate" }, values }, 422);
    repo.add(id, r.value.name, (deps.now ?? Date.now)());
    audit(c, "create", `types/${r.value.name}`);
    return c.redirect(areaUrl(c, "types"), 303);
  });

  app.post("/:typeId", async (c) => {
    const id = c.get("service").serviceId;
    const type = repo.get(id, Number(c.req.param("typeId")));
    if (!type) return c.text("Not found", 404);
    const fields = await formFields(c);
    const op = opSchema.safeParse(fields.op);
    if (!op.success) return render(c, { errors: { name: "format" }, errorId: type.id }, 422);
    if (op.data === "rename") {
      const r = check(typeNameSchema, fields);
      if (!r.ok) return render(c, { errors: r.errors, errorId: type.id }, 422);
      const other = repo.findByName(id, r.value.name);
      if (other && other.id !== type.id) return render(c, { errors: { name: "duplicate" }, errorId: type.id }, 422);
      repo.update(id, type.id, { name: r.value.name });
    } else if (op.data === "up" || op.data === "down") {
      repo.move(id, type.id, op.data === "up" ? -1 : 1);
    } else {
      repo.update(id, type.id, { retired: op.data === "retire" });
    }
    audit(c, op.data, `types/${type.name}`);
    return c.redirect(areaUrl(c, "types"), 303);
  });
  return app;
}
