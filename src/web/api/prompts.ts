import { createRoute, z } from "@hono/zod-openapi";
import { EDITABLE_PROMPTS } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const IDS = EDITABLE_PROMPTS.map(([id]) => id) as [string, ...string[]];
const PromptParams = ServiceParams.extend({
  promptId: z.enum(IDS).openapi({ param: { name: "promptId", in: "path" }, description: "greeting, menu, connecting, delay, callback-offer or callback-accepted" }),
});
const PromptSchema = z
  .object({ promptId: z.string(), source: z.enum(["default", "tts", "upload"]), text: z.string(), file: z.string().optional() })
  .openapi("Prompt");

const tags = ["prompts"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams },
  responses: { 200: jsonResponse(z.array(PromptSchema), "The service's editable prompts"), ...errorResponses },
});
const text = createRoute({
  method: "put", path: "/{promptId}/text", tags, security: bearer,
  request: { params: PromptParams, ...jsonBody(z.strictObject({ text: z.string() }).openapi("PromptText")) },
  description: "Keep the prompt's text (1–200 characters) and speak it by text-to-speech when the host has it (M6).",
  responses: { 200: jsonResponse(PromptSchema, "Saved"), ...errorResponses },
});
const upload = createRoute({
  method: "put", path: "/{promptId}/audio", tags, security: bearer, request: { params: PromptParams },
  description: "Upload the prompt's audio as the request body: `Content-Type: audio/wav` or `audio/mpeg`, at most 10 MB; converted to the line format. Unreadable audio answers 422 and stores nothing.",
  responses: { 200: jsonResponse(PromptSchema, "Saved"), ...errorResponses },
});

/** /api/v1/services/{serviceId}/prompts (G3, G4, M6): the same operations as the prompt pages. */
export function promptsApi(deps: WebDeps) {
  const app = apiRouter();
  const service = (id: string) => deps.repos.services.get(id) ?? (() => { throw notFound(`service "${id}"`); })();
  const json = (serviceId: string, promptId: string) => {
    const row = deps.repos.promptTexts.get(serviceId, promptId);
    return { promptId, source: row?.source ?? ("default" as const), text: row?.text ?? "", ...(row?.file ? { file: row.file } : {}) };
  };

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    return c.json(IDS.map((id) => json(serviceId, id)), 200);
  });
  app.openapi(text, async (c) => {
    const { serviceId, promptId } = c.req.valid("param");
    service(serviceId);
    await deps.admin.prompts.setText(apiActor(c), serviceId, promptId, c.req.valid("json"));
    return c.json(json(serviceId, promptId), 200);
  });
  app.openapi(upload, async (c) => {
    const { serviceId, promptId } = c.req.valid("param");
    service(serviceId);
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
    const mime = type === "audio/mpeg" || type === "audio/mp3" ? "audio/mpeg" : /^audio\/(x-)?wav(e)?$/.test(type) ? "audio/wav" : type;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    await deps.admin.prompts.upload(apiActor(c), serviceId, promptId, { name: `${promptId}-api.${mime === "audio/mpeg" ? "mp3" : "wav"}`, bytes, mime: mime as "audio/wav" });
    return c.json(json(serviceId, promptId), 200);
  });
  return app;
}
