import { createRoute, z } from "@hono/zod-openapi";
import { UnknownAgentsError } from "../../store/index.ts";
import { AppError } from "../../lib/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiRouter, conflict, notFound } from "./errors.ts";
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

const unknownAgents = (e: UnknownAgentsError, field: string) =>
  new AppError(422, "validation_failed", `Invalid request: ${field}: ${e.message}`, { [field]: e.message });

/** /api/v1/services/{serviceId}/queues (C4, G6, X3). */
export function queuesApi(deps: WebDeps) {
  const { services, queues, transaction } = deps.repos;
  const app = apiRouter();
  const service = (id: string) => services.get(id) ?? fail(`service "${id}"`);

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    const out = queues.list(serviceId).map(({ serviceId: _, ...q }) => q);
    return c.json(out, 200);
  });
  app.openapi(create, (c) => {
    const { serviceId } = c.req.valid("param");
    const { agents, ...body } = c.req.valid("json");
    service(serviceId);
    if (queues.get(serviceId, body.queueId)) {
      throw conflict("exists", `queue "${body.queueId}" already exists`, { queueId: "is already used" });
    }
    if (queues.list(serviceId).some((q) => q.digit === body.digit)) {
      throw conflict("digit_taken", `menu key ${body.digit} is already used`, { digit: "is already used" });
    }
    try {
      const q = transaction(() => {
        queues.create({ serviceId, ...body });
        return queues.setAgents(serviceId, body.queueId, agents)!;
      });
      const { serviceId: _, ...out } = q;
      return c.json(out, 201);
    } catch (e) {
      if (e instanceof UnknownAgentsError) throw unknownAgents(e, "agents");
      throw e;
    }
  });
  app.openapi(assign, (c) => {
    const { serviceId, queueId } = c.req.valid("param");
    service(serviceId);
    try {
      const q = queues.setAgents(serviceId, queueId, c.req.valid("json").loginIds) ?? fail(`queue "${queueId}"`);
      const { serviceId: _, ...out } = q;
      return c.json(out, 200);
    } catch (e) {
      if (e instanceof UnknownAgentsError) throw unknownAgents(e, "loginIds");
      throw e;
    }
  });
  return app;
}

function fail(what: string): never {
  throw notFound(what);
}
