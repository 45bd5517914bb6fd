import { createRoute, z } from "@hono/zod-openapi";
import type { Agent } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import {
  AgentCreateSchema,
  AgentParams,
  AgentPatchSchema,
  AgentSchema,
  AgentStateSchema,
  AgentWithPasswordSchema,
  ServiceParams,
} from "./schemas.ts";

/** The API view of an agent; never a password. */
export const agentJson = (a: Agent): z.infer<typeof AgentSchema> => ({
  loginId: a.loginId,
  name: a.name,
  extension: a.extension,
  state: a.state,
  blocked: a.blocked,
  ...(a.group ? { group: a.group } : {}),
});

const tags = ["agents"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer, request: { params: ServiceParams },
  responses: { 200: jsonResponse(z.array(AgentSchema), "The service's agents"), ...errorResponses },
});
const create = createRoute({
  method: "post", path: "/", tags, security: bearer,
  request: { params: ServiceParams, ...jsonBody(AgentCreateSchema) },
  description: "Add an agent (G5); the answer holds its extension, SIP password and console password, shown only once.",
  responses: { 201: jsonResponse(AgentWithPasswordSchema, "Created"), ...errorResponses },
});
const patch = createRoute({
  method: "patch", path: "/{loginId}", tags, security: bearer,
  request: { params: AgentParams, ...jsonBody(AgentPatchSchema) },
  responses: { 200: jsonResponse(AgentSchema, "Updated"), ...errorResponses },
});
const remove = createRoute({
  method: "delete", path: "/{loginId}", tags, security: bearer, request: { params: AgentParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});
const reset = createRoute({
  method: "post", path: "/{loginId}/password", tags, security: bearer, request: { params: AgentParams },
  description: "Reset the SIP and console passwords (G5); the new ones are shown only in this answer.",
  responses: { 200: jsonResponse(AgentWithPasswordSchema, "New password"), ...errorResponses },
});

const setState = createRoute({
  method: "post", path: "/{loginId}/state", tags, security: bearer,
  request: { params: AgentParams, ...jsonBody(AgentStateSchema) },
  description: "Set an agent's state (A2); refused while the agent is dialing, ringing or on a call.",
  responses: { 200: jsonResponse(AgentSchema, "New state"), ...errorResponses },
});

/** /api/v1/services/{serviceId}/agents (G5, X3): reads here, every change through the domain's administration. */
export function agentsApi(deps: WebDeps) {
  const { services, agents } = deps.repos;
  const admin = deps.admin.agents;
  const app = apiRouter();
  const service = (id: string) => services.get(id) ?? fail(`service "${id}"`);

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    return c.json(agents.list(serviceId).map(agentJson), 200);
  });
  app.openapi(create, (c) => {
    const { serviceId } = c.req.valid("param");
    const { agent, sipPassword, password } = admin.create(apiActor(c), serviceId, c.req.valid("json"));
    return c.json({ ...agentJson(agent), sipPassword, password }, 201);
  });
  app.openapi(patch, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    return c.json(agentJson(admin.update(apiActor(c), serviceId, loginId, c.req.valid("json"))), 200);
  });
  app.openapi(remove, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    admin.remove(apiActor(c), serviceId, loginId);
    return c.body(null, 204);
  });
  app.openapi(reset, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const { agent, sipPassword, password } = admin.resetPasswords(apiActor(c), serviceId, loginId);
    return c.json({ ...agentJson(agent), sipPassword, password }, 200);
  });
  app.openapi(setState, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const now = admin.setState(apiActor(c), serviceId, loginId, c.req.valid("json"));
    return c.json({ ...agentJson(agents.get(serviceId, loginId)!), state: now.state }, 200);
  });
  return app;
}

function fail(what: string): never {
  throw notFound(what);
}
