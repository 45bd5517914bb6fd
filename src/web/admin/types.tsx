import { Hono, type Context } from "hono";
import { TypesPage, TypesSection, type TypesProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";


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
    const fields = await formFields(c);
    const values = { name: String(fields.name ?? "") };
    const done = await attempt(() => deps.admin.types.add(memberActor(c, deps), c.get("service").serviceId, values));
    if (!done.ok) return render(c, { errors: done.errors, values }, 422);
    return c.redirect(areaUrl(c, "types", "?done=added"), 303);
  });

  app.post("/:typeId", async (c) => {
    const id = c.get("service").serviceId;
    const type = repo.get(id, Number(c.req.param("typeId")));
    if (!type) return c.text("Not found", 404);
    const fields = await formFields(c);
    const done = await attempt(() => deps.admin.types.change(memberActor(c, deps), id, type.id, String(fields.op ?? ""), { name: String(fields.name ?? "") }));
    if (!done.ok) return render(c, { errors: { name: Object.values(done.errors)[0] ?? "format" }, errorId: type.id }, 422);
    return c.redirect(areaUrl(c, "types", "?done=saved"), 303);
  });
  return app;
}
