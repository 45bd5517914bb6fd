import { Hono, type Context } from "hono";
import type { MenuEntryInput } from "../../cc/index.ts";
import { MenuPage, MenuSection, type MenuProps, type MenuRow } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { attempt, memberActor } from "./door.ts";
import { readFlow } from "./flow.ts";
import { previewFirst } from "./change-preview.tsx";
import { formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** Menu entries (C4): queues from the queues table, information messages in the ARS flow. */
export function menuRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();

  const entries = (serviceId: string): MenuRow[] => {
    const flow = readFlow(deps, serviceId);
    const texts = deps.repos.promptTexts.list(serviceId);
    const rows: MenuRow[] = deps.repos.queues.list(serviceId).map((q) => ({ digit: q.digit, kind: "queue", label: q.name, callback: q.callback, id: q.queueId }));
    for (const m of flow.menu) {
      if (m.kind === "info") rows.push({ digit: m.digit, kind: "info", label: texts.find((t) => t.prompt === m.prompt)?.text ?? m.prompt });
    }
    return rows.sort((a, b) => a.digit.localeCompare(b.digit));
  };
  const render = (c: Context<ServiceEnv>, extra: Partial<MenuProps> = {}, status: 200 | 422 = 200) => {
    const props: MenuProps = { frame: frameOf(c, deps), entries: entries(c.get("service").serviceId), ...extra };
    return respond(c, () => <MenuPage {...props} />, () => <MenuSection {...props} />, status);
  };

  app.get("/", (c) => render(c));

  app.post("/", async (c) => {
    const svc = c.get("service");
    const fields = await formFields(c);
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    const input = { ...values, callback: values.callback === "1" } as MenuEntryInput;
    // Issue 17 point 6: calls that pressed this key before (then not in the menu) would now go there.
    const free = (d: string) => !deps.repos.queues.list(svc.serviceId).some((q) => q.digit === d) && !readFlow(deps, svc.serviceId).menu.some((m) => m.digit === d);
    if (/^[0-9]$/.test(values.digit ?? "") && free(values.digit!) && (values.kind === "queue" || values.kind === "info")) {
      const preview = await attempt(() => previewFirst(c, deps, "menu", { change: "menu-add", entry: input }, fields));
      if (!preview.ok) return render(c, { values, errors: Object.fromEntries(Object.entries(preview.errors).map(([k, v]) => [k.replace(/^entry\./, ""), v])) }, 422);
      if (preview.value) return preview.value;
    }
    const done = await attempt(() => deps.admin.queues.addMenuEntry(memberActor(c, deps), svc.serviceId, input));
    if (!done.ok) return render(c, { values, errors: done.errors }, 422);
    return c.redirect(areaUrl(c, "menu", "?done=added"), 303);
  });

  app.post("/:digit/delete", async (c) => {
    const digit = c.req.param("digit") ?? "";
    const fields = await formFields(c);
    const id = c.get("service").serviceId;
    if (deps.repos.queues.list(id).some((q) => q.digit === digit) || readFlow(deps, id).menu.some((m) => m.digit === digit)) {
      const preview = previewFirst(c, deps, "menu", { change: "menu-remove", digit }, fields);
      if (preview) return preview;
    }
    const done = await attempt(() => deps.admin.queues.removeMenuEntry(memberActor(c, deps), c.get("service").serviceId, digit));
    if (!done.ok) return c.text("Not found", 404);
    return c.redirect(areaUrl(c, "menu", "?done=removed"), 303);
  });
  return app;
}
