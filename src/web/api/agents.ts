import { createRoute, z } from "@hono/zod-openapi";
import { AppError, generatePassword } from "../../lib/index.ts";
import type { Agent } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiRouter, conflict, notFound } from "./errors.ts";
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
  description: "Add an agent (G5); the answer holds its extension and SIP password, shown only once.",
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
  description: "Reset the SIP password (G5); the new one is shown only in this answer.",
  responses: { 200: jsonResponse(AgentWithPasswordSchema, "New password"), ...errorResponses },
});

const setState = createRoute({
  method: "post", path: "/{loginId}/state", tags, security: bearer,
  request: { params: AgentParams, ...jsonBody(AgentStateSchema) },
  description: "Set an agent's state (A2); refused while the agent is dialing, ringing or on a call.",
  responses: { 200: jsonResponse(AgentSchema, "New state"), ...errorResponses },
});

const BUSY = new Set(["dialing", "ringing", "on-call"]);

/** /api/v1/services/{serviceId}/agents (G5, X3). */
export function agentsApi(deps: WebDeps) {
  const { services, agents } = deps.repos;
  const app = apiRouter();
  const service = (id: string) => services.get(id) ?? fail(`service "${id}"`);
  const agent = (serviceId: string, loginId: string) =>
    agents.get(serviceId, loginId) ?? fail(`agent "${loginId}" of service "${serviceId}"`);

  app.openapi(list, (c) => {
    const { serviceId } = c.req.valid("param");
    service(serviceId);
    return c.json(agents.list(serviceId).map(agentJson), 200);
  });
  app.openapi(create, (c) => {
    const { serviceId } = c.req.valid("param");
    const body = c.req.valid("json");
    const s = service(serviceId);
    if (agents.get(serviceId, body.loginId)) {
      throw conflict("exists", `agent "${body.loginId}" already exists`, { loginId: "is already used" });
    }
    if (agents.licencesUsed(serviceId) >= s.licences) {
      throw conflict("licence_limit", `service "${serviceId}" has all its ${s.licences} licences in use`);
    }
    const sipPassword = body.sipPassword ?? generatePassword(16);
    const a = agents.create({ serviceId, loginId: body.loginId, name: body.name, group: body.group }, sipPassword);
    deps.logger.info({ serviceId, loginId: a.loginId, extension: a.extension }, "agent created");
    return c.json({ ...agentJson(a), sipPassword }, 201);
  });
  app.openapi(patch, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    agent(serviceId, loginId);
    return c.json(agentJson(agents.update(serviceId, loginId, c.req.valid("json"))!), 200);
  });
  app.openapi(remove, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    agent(serviceId, loginId);
    agents.remove(serviceId, loginId);
    deps.logger.info({ serviceId, loginId }, "agent deleted");
    return c.body(null, 204);
  });
  app.openapi(reset, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const a = agent(serviceId, loginId);
    const sipPassword = generatePassword(16);
    agents.setSipPassword(serviceId, loginId, sipPassword);
    deps.logger.info({ serviceId, loginId }, "agent SIP password reset");
    return c.json({ ...agentJson(a), sipPassword }, 200);
  });
  app.openapi(setState, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const { state, reason } = c.req.valid("json");
    const a = agent(serviceId, loginId);
    if (deps.cc) {
      // The live state machine (A2): it refuses a change while dialing, ringing or on a call (409).
      let now;
      try {
        now = deps.cc.setState(serviceId, loginId, state, reason);
      } catch (e) {
        if (e instanceof AppError && e.status === 409) throw conflict("busy", `agent "${loginId}": ${e.message}`);
        throw e;
      }
      deps.logger.info({ serviceId, loginId, state, reason }, "agent state set through the API");
      return c.json({ ...agentJson(a), state: now.state }, 200);
    }
    if (BUSY.has(a.state)) throw conflict("busy", `agent "${loginId}" is ${a.state}; the state cannot change now`);
    deps.logger.info({ serviceId, loginId, state, reason }, "agent state set through the API");
    return c.json(agentJson(agents.update(serviceId, loginId, { state })!), 200);
  });
  return app;
}

function fail(what: string): never {
  throw notFound(what);
}
