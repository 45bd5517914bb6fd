import { Hono, type Context } from "hono";
import { z } from "zod";
import { MenuPage, MenuSection, type MenuProps, type MenuRow } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { readFlow, writeFlow } from "./flow.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The add-entry form (C4): a queue needs a name, an information message needs its text. */
export const menuEntryForm = z
  .object({
    digit: z.string().regex(/^[0-9]$/, "format"),
    kind: z.enum(["queue", "info"], "format"),
    name: z.string().trim().max(50, "tooLong").default(""),
    callback: z.string().optional().transform((v) => v === "1"),
    text: z.string().trim().max(200, "tooLong").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "queue" && !v.name) ctx.addIssue({ code: "custom", path: ["name"], message: "required" });
    if (v.kind === "info" && !v.text) ctx.addIssue({ code: "custom", path: ["text"], message: "required" });
  });

const infoPrompt = (digit: string) => `custom:info-${digit}`;

/** Menu entries (C4): queues from the queues table, information messages in the ARS flow. */
export function menuRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const now = () => (deps.now ?? Date.now)();

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
    const r = check(menuEntryForm, fields);
    if (!r.ok) return render(c, { values, errors: r.errors }, 422);
    const v = r.value;
    if (entries(svc.serviceId).some((e) => e.digit === v.digit)) return render(c, { values, errors: { digit: "duplicate" } }, 422);
    if (v.kind === "queue") {
      let queueId = `menu${v.digit}`;
      for (let i = 2; deps.repos.queues.get(svc.serviceId, queueId); i++) queueId = `menu${v.digit}-${i}`;
      deps.repos.queues.create({ serviceId: svc.serviceId, queueId, name: v.name, digit: v.digit, callback: v.callback }, now());
      audit(c, "create", `menu/${v.digit} (queue ${queueId})`);
    } else {
      const prompt = infoPrompt(v.digit);
      const flow = readFlow(deps, svc.serviceId);
      deps.repos.transaction(() => {
        deps.repos.promptTexts.put(svc.serviceId, { prompt, source: "tts", text: v.text }, now());
        writeFlow(deps, svc.serviceId, { ...flow, menu: [...flow.menu, { digit: v.digit, kind: "info", prompt }] }, now());
      });
      const lang = svc.language === "ko" ? "ko" : "en";
      if (deps.promptAudio?.ttsAvailable()) await deps.promptAudio.saveTts(svc.serviceId, prompt, v.text, lang);
      audit(c, "create", `menu/${v.digit} (information message)`);
    }
    return c.redirect(areaUrl(c, "menu"), 303);
  });

  app.post("/:digit/delete", (c) => {
    const svc = c.get("service");
    const digit = c.req.param("digit") ?? "";
    const entry = entries(svc.serviceId).find((e) => e.digit === digit);
    if (!entry) return c.text("Not found", 404);
    const flow = readFlow(deps, svc.serviceId);
    deps.repos.transaction(() => {
      if (entry.kind === "queue" && entry.id) deps.repos.queues.remove(svc.serviceId, entry.id);
      writeFlow(deps, svc.serviceId, { ...flow, menu: flow.menu.filter((m) => m.digit !== digit) }, now());
    });
    audit(c, "delete", `menu/${digit}`);
    return c.redirect(areaUrl(c, "menu"), 303);
  });
  return app;
}
