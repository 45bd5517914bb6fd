import { createRoute, z } from "@hono/zod-openapi";
import type { Queue } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { QueueAgentsSchema, QueueCreateSchema, QueueParams, QueueSchema, ServiceParams } from "./schemas.ts";

const tags = ["queues"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams },
  responses: { 200: jsonResponse(z.array(QueueSchema), "The service's queues"), ...errorResponses },
});
const create = createRoute({
  method: "post", path: "/", tags, security: bearer,
  request: { params: ServiceParams, ...jsonBody(QueueCreateSchema) },
  responses: { 201: jsonResponse(QueueSchema, "Created"), ...errorResponses },
});
const assign = createRoute({
  method: "put", path: "/{queueId}/agents", tags, security: bearer,
  request: { params: QueueParams, ...jsonBody(QueueAgentsSchema) },
  description: "Replace the queue's agents (G6); all or nothing.",
  responses: { 200: jsonResponse(QueueSchema, "Assigned"), ...errorResponses },
});

/** /api/v1/services/{serviceId}/queues (C4, G6, X3): reads here, every change through the domain's administration. */
export function queuesApi(deps: WebDeps) {
  const { services, queues } = deps.repos;
  const app = apiRouter();
  const service = (id: string) => services.get(id) ?? fail(`service "${id}"`);
  const json = ({ serviceId: _, ...q }: Queue) => q;

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    return c.json(queues.list(serviceId).map(json), 200);
  });
  app.openapi(create, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    return c.json(json(deps.admin.queues.create(apiActor(c), serviceId, c.req.valid("json"))), 201);
  });
  app.openapi(assign, (c) => {
    const { serviceId, queueId } = c.req.valid("param");
    service(serviceId);
    queues.get(serviceId, queueId) ?? fail(`queue "${queueId}"`);
    return c.json(json(deps.admin.queues.setAgents(apiActor(c), serviceId, queueId, c.req.valid("json").loginIds)), 200);
  });
  return app;
}

function fail(what: string): never {
  throw notFound(what);
}
