import { createRoute, z } from "@hono/zod-openapi";
import { outboundRulesSchema } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { ccErrorResponses, serviceOf } from "./cc-api.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

/** A service's outbound rules as the API shows them (issue 16 point 6, T9). */
const OutboundRulesSchema = z
  .object({
    allowInternational: z.boolean().openapi({ description: "International numbers may be dialled (off by default: toll fraud)" }),
    allowPremium: z.boolean().openapi({ description: "Premium-rate information lines (060) may be dialled (off by default)" }),
    allowAfterHours: z.boolean().openapi({ description: "Outbound calls while the service is closed (its ARS hours and holidays); off by default" }),
    extensionHourMinutes: z.number().int().openapi({ description: "Outbound talk minutes each extension (agent) may use in the last 60 minutes; 0 for no cap" }),
    extensionDayMinutes: z.number().int().openapi({ description: "Outbound talk minutes each extension (agent) may use in the last 24 hours; 0 for no cap" }),
  })
  .openapi("OutboundRules");

const tags = ["outbound"];
const get = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams },
  description: "What the service's agents may dial out and the minute caps per extension (the trunks' own caps are on each trunk).",
  responses: { 200: jsonResponse(OutboundRulesSchema, "The rules"), ...ccErrorResponses },
});
const patch = createRoute({
  method: "patch", path: "/", tags, security: bearer, request: { params: ServiceParams, ...jsonBody(outboundRulesSchema.meta({ id: "OutboundRulesPatch" })) },
  description: "Change some of the rules; 422 names a negative or non-numeric cap and nothing is stored.",
  responses: { 200: jsonResponse(OutboundRulesSchema, "The stored rules"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/outbound-rules (issue 16 point 6): through the domain's trunk administration. */
export function outboundRulesApi(deps: WebDeps) {
  const app = apiRouter();
  app.openapi(get, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.admin.trunks.rules(serviceId), 200);
  });
  app.openapi(patch, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.admin.trunks.setRules(apiActor(c), serviceId, c.req.valid("json")), 200);
  });
  return app;
}
