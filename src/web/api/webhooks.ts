import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_EVENTS } from "../../cc/index.ts";
import type { Webhook, WebhookDelivery } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    serviceId: z.string().nullable().openapi({ description: "Only this service's events; null for all" }),
    createdAt: z.string(),
  })
  .openapi("Webhook");

const WebhookCreatedSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: "The signing secret, shown only in this answer: X-CC-Signature is `sha256=` + hex HMAC-SHA256 of the body with it" }),
}).openapi("WebhookCreated");

const WebhookCreateSchema = z
  .object({
    url: z.string().openapi({ description: "http or https URL that receives the POSTs", example: "https://crm.example.com/cc-events" }),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    serviceId: z.string().optional().openapi({ description: "Only this service's events" }),
  })
  .strict()
  .openapi("WebhookCreate");

const DeliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.string(),
    event: z.string(),
    state: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    nextAt: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

const tags = ["webhooks"];
const description =
  "Each event is POSTed as JSON `{ id, type, createdAt, serviceId, data }` with `X-CC-Signature: sha256=<hex HMAC-SHA256 of the body>`, " +
  "`X-CC-Event` and `X-CC-Event-Id`; any answer but 2xx (or none within the timeout) is retried with exponential backoff.";
const list = createRoute({ method: "get", path: "/", tags, security: bearer, description, responses: { 200: jsonResponse(z.array(WebhookSchema), "The webhooks"), ...errorResponses } });
const create = createRoute({
  method: "post", path: "/", tags, security: bearer, description, request: jsonBody(WebhookCreateSchema),
  responses: { 201: jsonResponse(WebhookCreatedSchema, "Created; the secret is shown only here"), ...errorResponses },
});
const remove = createRoute({ method: "delete", path: "/{id}", tags, security: bearer, request: { params: IdParams }, responses: { 204: { description: "Removed" }, ...errorResponses } });
const deliveries = createRoute({
  method: "get", path: "/{id}/deliveries", tags, security: bearer, request: { params: IdParams },
  responses: { 200: jsonResponse(z.array(DeliverySchema), "The newest deliveries (the delivery log)"), ...errorResponses },
});

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const webhookJson = (h: Webhook) => ({ id: h.id, url: h.url, events: h.events as (typeof WEBHOOK_EVENTS)[number][], serviceId: h.serviceId ?? null, createdAt: new Date(h.createdAt).toISOString() });
const deliveryJson = (d: WebhookDelivery) => ({
  id: d.id, eventId: d.eventId, event: d.event, state: d.state, attempts: d.attempts, lastStatus: d.lastStatus ?? null,
  lastError: d.lastError ?? null, createdAt: new Date(d.createdAt).toISOString(), nextAt: iso(d.nextAt),
});

/** /api/v1/webhooks (X3): list, add (the secret once), remove, and the delivery log — changes through the one door. */
export function webhooksApi(deps: WebDeps) {
  const app = apiRouter();
  const admin = deps.admin.webhooks;
  app.openapi(list, (c) => c.json(admin.list().map(webhookJson), 200));
  app.openapi(create, (c) => {
    const h = admin.add(apiActor(c), c.req.valid("json"));
    return c.json({ ...webhookJson(h), secret: h.secret }, 201);
  });
  app.openapi(remove, (c) => {
    admin.remove(apiActor(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
  app.openapi(deliveries, (c) => {
    const { id } = c.req.valid("param");
    if (!deps.repos.webhooks.get(id)) throw notFound(`webhook "${id}"`);
    return c.json(deps.repos.webhooks.deliveries(id, 100).map(deliveryJson), 200);
  });
  return app;
}
