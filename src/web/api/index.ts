import type { MiddlewareHandler } from "hono";
import "./api-actor.ts";
import { AppError } from "../../lib/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { agentCallsApi } from "./agent-calls.ts";
import { agentsApi } from "./agents.ts";
import { callbacksApi } from "./callbacks.ts";
import { callsApi } from "./calls.ts";
import { apiErrorResponse, apiRouter } from "./errors.ts";
import { ivrApi } from "./ivr.ts";
import { liveApi } from "./live.ts";
import { promptsApi } from "./prompts.ts";
import { queuesApi } from "./queues.ts";
import { servicesApi } from "./services.ts";
import { sipStatusApi } from "./sip-status.ts";
import { statsApi } from "./stats.ts";
import { trunksApi } from "./trunks.ts";

/** Only requests with `Authorization: Bearer <API key>` pass (X3); the key's name is the actor of what follows. */
function requireApiKey(deps: WebDeps): MiddlewareHandler {
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
    const name = m ? deps.repos.organization.apiKeyName(m[1]!) : undefined;
    if (!name) {
      c.header("WWW-Authenticate", 'Bearer realm="api"');
      throw new AppError(401, "unauthorized", "A valid organization API key is required (Authorization: Bearer <key>)");
    }
    c.set("apiActor", { kind: "api-key", id: name, ip: clientIp(c, deps.config.trustedProxies) });
    await next();
  };
}

/** The REST API v1, mounted at /api/v1; its OpenAPI document is at /api/v1/openapi.json. */
export function apiApp(deps: WebDeps) {
  const api = apiRouter();
  api.onError((err, c) => apiErrorResponse(err, c, deps.logger.child("api")));
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "The organization API key (O3)",
  });
  api.doc("/openapi.json", {
    openapi: "3.0.3",
    info: { title: "Contact center API", version: "1" },
    servers: [{ url: "/api/v1" }],
  });
  api.use("*", requireApiKey(deps));
  api.route("/services", servicesApi(deps));
  api.route("/services/:serviceId/agents", agentsApi(deps));
  api.route("/services/:serviceId/agents", agentCallsApi(deps));
  api.route("/services/:serviceId/queues", queuesApi(deps));
  api.route("/services/:serviceId/ivr", ivrApi(deps));
  api.route("/services/:serviceId/prompts", promptsApi(deps));
  api.route("/services/:serviceId/calls", callsApi(deps));
  api.route("/services/:serviceId/callbacks", callbacksApi(deps));
  api.route("/services/:serviceId/stats", statsApi(deps));
  api.route("/services/:serviceId/live", liveApi(deps));
  api.route("/trunks", trunksApi(deps));
  api.route("/", sipStatusApi(deps));
  api.all("*", (c) => c.json({ error: { code: "not_found", message: `No API route ${c.req.method} ${c.req.path}` } }, 404));
  return api;
}
