import { Hono, type Context } from "hono";
import { z } from "zod";
import { EDITABLE_PROMPTS, PromptsPage, PromptsSection, type PromptCard, type PromptsProps } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { promptTextSchema, type PromptUpload } from "../../cc/index.ts";
import { attempt, memberActor } from "./door.ts";
import { readFlow } from "./flow.ts";
import { check, formFields } from "./form.ts";
import { defaultPromptText } from "./prompt-defaults.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The prompt form (M6): the domain's text schema, and which button was pressed. */
export const promptFormSchema = promptTextSchema.extend({ op: z.enum(["save", "preview", "default"]).catch("save") });

const IDS = new Set<string>(EDITABLE_PROMPTS.map(([id]) => id));
const MAX_UPLOAD = 10 * 1024 * 1024;

/** Greeting and other prompts (G3, G4, C6, M6): text to speech with preview and default text, or an upload. */
export function promptsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const audio = deps.promptAudio;
  const langOf = (c: Context<ServiceEnv>) => (c.get("service").language === "ko" ? "ko" : "en");

  const render = (c: Context<ServiceEnv>, extra: Partial<PromptsProps> & { texts?: Record<string, string> } = {}, status: 200 | 422 = 200) => {
    const id = c.get("service").serviceId;
    const stored = deps.repos.promptTexts.list(id);
    const cards: PromptCard[] = EDITABLE_PROMPTS.map(([p]) => {
      const row = stored.find((x) => x.prompt === p);
      return { id: p, text: extra.texts?.[p] ?? row?.text ?? "", source: row?.source, file: row?.file };
    });
    const props: PromptsProps = { frame: frameOf(c, deps), cards, tts: audio?.ttsAvailable() ?? false, playable: Boolean(audio?.current), ...extra };
    return respond(c, () => <PromptsPage {...props} />, () => <PromptsSection {...props} />, status);
  };

  app.get("/", (c) => {
    const saved = c.req.query("saved");
    return render(c, saved && IDS.has(saved) ? { focus: saved, saved: true } : {});
  });

  // Issue 9: the page plays what callers hear now.
  app.get("/:prompt/current.wav", async (c) => {
    const prompt = c.req.param("prompt") ?? "";
    const wav = IDS.has(prompt) ? await audio?.current?.(c.get("service").serviceId, prompt, langOf(c)) : undefined;
    if (!wav) return c.text("Not found", 404);
    return c.body(wav as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "audio/wav", "Cache-Control": "no-store" });
  });

  app.get("/:prompt/preview.wav", async (c) => {
    const text = (c.req.query("text") ?? "").slice(0, 200);
    const wav = text && audio ? await audio.preview(text, langOf(c)) : undefined;
    if (!wav) return c.text("Not found", 404);
    return c.body(wav as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "audio/wav", "Cache-Control": "no-store" });
  });

  app.post("/:prompt", async (c) => {
    const svc = c.get("service");
    const prompt = c.req.param("prompt") ?? "";
    if (!IDS.has(prompt)) return c.text("Not found", 404);
    const fields = await formFields(c);
    const text = String(fields.text ?? "");
    if (fields.op === "default") {
      const flow = readFlow(deps, svc.serviceId);
      const queues = deps.repos.queues.list(svc.serviceId);
      const made = defaultPromptText(prompt, langOf(c), { serviceName: svc.name, queues, callbackKey: flow.callbackKey });
      return render(c, { texts: { [prompt]: made }, focus: prompt });
    }
    const r = check(promptFormSchema, fields);
    if (!r.ok) return render(c, { texts: { [prompt]: text }, focus: prompt, errors: r.errors }, 422);
    const base = `/admin/services/${svc.serviceId}/prompts/${prompt}`;
    if (r.value.op === "preview") {
      return render(c, { texts: { [prompt]: r.value.text }, focus: prompt, previewUrl: `${base}/preview.wav?text=${encodeURIComponent(r.value.text)}` });
    }
    await deps.admin.prompts.setText(memberActor(c, deps), svc.serviceId, prompt, r.value);
    return c.redirect(areaUrl(c, "prompts", `?saved=${prompt}#prompt-${prompt}`), 303);
  });

  app.post("/:prompt/upload", async (c) => {
    const svc = c.get("service");
    const prompt = c.req.param("prompt") ?? "";
    if (!IDS.has(prompt)) return c.text("Not found", 404);
    const body = await c.req.parseBody();
    const file = body.file;
    const fail = (key: string) => render(c, { focus: prompt, errors: { file: key } }, 422);
    if (!(file instanceof File) || file.size === 0) return fail("required");
    if (file.size > MAX_UPLOAD) return fail("tooLong");
    const mime = /\.mp3$/i.test(file.name) || file.type === "audio/mpeg" ? "audio/mpeg" : /\.wav$/i.test(file.name) || /wav/.test(file.type) ? "audio/wav" : "";
    const upload = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), mime } as PromptUpload;
    const done = await attempt(() => deps.admin.prompts.upload(memberActor(c, deps), svc.serviceId, prompt, upload));
    if (!done.ok) return fail(done.errors.file ?? done.errors.bytes ?? "format");
    return c.redirect(areaUrl(c, "prompts", `?saved=${prompt}#prompt-${prompt}`), 303);
  });
  return app;
}
