import { createRoute, z } from "@hono/zod-openapi";
import type { DeskPhone } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { ccErrorResponses, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const tags = ["desk-phones"];

/** A desk phone as the API shows it (G2): never its passwords. */
const DeskPhoneSchema = z
  .object({
    mac: z.string().openapi({ description: "12 lower-case hex digits" }),
    model: z.string(),
    extension: z.string(),
    agentLogin: z.string().nullable(),
    qualifySeconds: z.number().int().nullable().openapi({ description: "Seconds between OPTIONS probes of the phone's extension (issue 17 point 1); 0 = never probed; null = the appliance's default" }),
    effectiveQualifySeconds: z.number().int().openapi({ description: "The interval the appliance uses for the phone's extension now (its phones' own, or CC_QUALIFY_SECONDS)" }),
  })
  .openapi("DeskPhone");
const Params = z.object({ serviceId: z.string(), mac: z.string() });
const QualifyBody = z
  .object({
    qualifySeconds: z.union([z.number(), z.string(), z.null()]).optional().openapi({ description: "Whole seconds 1–3600, 0 for no probes, null or empty for the appliance's default" }),
  })
  .openapi("DeskPhoneQualify");

const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: z.object({ serviceId: z.string() }) },
  description: "The service's desk phones (G2) with their qualify intervals.",
  responses: { 200: jsonResponse(z.array(DeskPhoneSchema), "The phones"), ...ccErrorResponses },
});
const setQualify = createRoute({
  method: "put", path: "/{mac}/qualify", tags, security: bearer, request: { params: Params, ...jsonBody(QualifyBody) },
  description: "Set a phone's own qualify interval (issue 17 point 1), audited; the qualifier takes it for the phone's extension from its next probe. 422 names a bad value and nothing is stored.",
  responses: { 200: jsonResponse(DeskPhoneSchema, "The phone as stored"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/desk-phones: the phones and their qualify intervals, changed through the domain. */
export function deskPhonesApi(deps: WebDeps) {
  const app = apiRouter();
  const json = (p: DeskPhone) => {
    const own = deps.repos.deskPhones.qualifyIntervals().get(p.extension);
    return {
      mac: p.mac, model: p.model, extension: p.extension, agentLogin: p.agentLogin ?? null,
      qualifySeconds: p.qualifySeconds ?? null, effectiveQualifySeconds: own ?? deps.config.qualifySeconds,
    };
  };
  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.repos.deskPhones.list(serviceId).map(json), 200);
  });
  app.openapi(setQualify, (c) => {
    const { serviceId, mac } = c.req.valid("param");
    serviceOf(deps, serviceId);
    if (!deps.repos.deskPhones.list(serviceId).some((p) => p.mac === mac)) throw notFound(`desk phone "${mac}"`);
    return c.json(json(deps.admin.deskPhones.setQualify(apiActor(c), serviceId, mac, c.req.valid("json"))), 200);
  });
  return app;
}
