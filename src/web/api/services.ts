import { createRoute, z } from "@hono/zod-openapi";
import type { Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { newServiceSchema, serviceChangeSchema } from "../../cc/index.ts";
import { ServiceParams, ServiceSchema } from "./schemas.ts";

/** The API view of a service (SPEC "Contracts" fields). */
export const serviceJson = (s: Service): z.infer<typeof ServiceSchema> => ({
  serviceId: s.serviceId,
  name: s.name,
  number: s.number,
  callerId: s.callerId,
  timezone: s.timezone,
  language: s.language,
  state: s.state,
  licences: s.licences,
});

const tags = ["services"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer,
  responses: { 200: jsonResponse(z.array(ServiceSchema), "All services"), ...errorResponses },
});
const create = createRoute({
  method: "post", path: "/", tags, security: bearer, request: jsonBody(newServiceSchema.strict().meta({ id: "ServiceCreate" })),
  responses: { 201: jsonResponse(ServiceSchema, "Created"), ...errorResponses },
});
const get = createRoute({
  method: "get", path: "/{serviceId}", tags, security: bearer, request: { params: ServiceParams },
  responses: { 200: jsonResponse(ServiceSchema, "The service"), ...errorResponses },
});
const patch = createRoute({
  method: "patch", path: "/{serviceId}", tags, security: bearer,
  request: { params: ServiceParams, ...jsonBody(serviceChangeSchema.meta({ id: "ServicePatch" })) },
  responses: { 200: jsonResponse(ServiceSchema, "Updated"), ...errorResponses },
});
const remove = createRoute({
  method: "delete", path: "/{serviceId}", tags, security: bearer, request: { params: ServiceParams },
  description: "Terminate a service; only a suspended service can be deleted (O1).",
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

/** /api/v1/services (O1, X3): reads here, every change through the domain's administration. */
export function servicesApi(deps: WebDeps) {
  const { services } = deps.repos;
  const admin = deps.admin.services;
  const app = apiRouter();
  const find = (id: string) => services.get(id) ?? throwNotFound(id);

  app.openapi(list, (c) => {
    const scope = c.get("apiScope"); // X4: a key limited to one service lists only it
    return c.json(services.list().filter((s) => !scope || s.serviceId === scope).map(serviceJson), 200);
  });
  app.openapi(create, (c) => c.json(serviceJson(admin.create(apiActor(c), c.req.valid("json"))), 201));
  app.openapi(get, (c) => c.json(serviceJson(find(c.req.valid("param").serviceId)), 200));
  app.openapi(patch, (c) => {
    const { serviceId } = c.req.valid("param");
    find(serviceId);
    return c.json(serviceJson(admin.update(apiActor(c), serviceId, c.req.valid("json"))), 200);
  });
  app.openapi(remove, (c) => {
    const { serviceId } = c.req.valid("param");
    find(serviceId);
    admin.remove(apiActor(c), serviceId);
    return c.body(null, 204);
  });
  return app;
}

function throwNotFound(serviceId: string): never {
  throw notFound(`service "${serviceId}"`);
}
