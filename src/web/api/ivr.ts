import { createRoute, z } from "@hono/zod-openapi";
import { flowSchema } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, serviceOf } from "./cc-api.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter } from "./errors.ts";
import { bearer, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

/**
 * The ARS flow (C1–C6, G3, G4, G9): business hours, holidays, menu, prompts, queue settings. Used as
 * is: cc's schemas may be built before @hono/zod-openapi extends zod, so no `.openapi()` on them.
 */
const FlowSchema = flowSchema;

const tags = ["ivr"];
const get = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams },
  description: "The service's ARS flow (the default one until saved).",
  responses: { 200: jsonResponse(FlowSchema, "The flow"), ...ccErrorResponses },
});
const put = createRoute({
  method: "put", path: "/", tags, security: bearer, request: { params: ServiceParams, ...jsonBody(FlowSchema) },
  description: "Replace the flow; 422 names the failing fields (e.g. `hours.mon.0`) and nothing is stored.",
  responses: { 200: jsonResponse(FlowSchema, "The stored flow"), ...ccErrorResponses },
});

const HolidayYear = z
  .strictObject({ year: z.number({ error: "must be a year" }).int("must be a whole number").min(2018, "must be 2018 or later").max(2100, "must be 2100 or earlier") })
  .openapi("HolidayYear");
const korean = createRoute({
  method: "post", path: "/korean-holidays", tags, security: bearer, request: { params: ServiceParams, ...jsonBody(HolidayYear) },
  description: "Add the Korean public holidays (lunar ones included) of a year to the service's holidays (C3); beyond the official data they are marked `estimated`.",
  responses: { 200: jsonResponse(FlowSchema, "The stored flow"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/ivr: greeting, menu, business hours, holidays, prompts (C1–C4, X3). */
export function ivrApi(deps: WebDeps) {
  const app = apiRouter();

  app.openapi(get, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.admin.flows.read(serviceId), 200);
  });
  app.openapi(put, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.admin.flows.save(apiActor(c), serviceId, c.req.valid("json")), 200);
  });
  app.openapi(korean, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(deps.admin.flows.loadKoreanHolidays(apiActor(c), serviceId, c.req.valid("json")), 200);
  });
  return app;
}
