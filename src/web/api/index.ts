import type { MiddlewareHandler } from "hono";
import "./api-actor.ts";
import { AppError, inRanges } from "../../lib/index.ts";
import { LoginThrottle } from "../admin/login-throttle.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { agentCallsApi } from "./agent-calls.ts";
import { agentsApi } from "./agents.ts";
import { agentDayApi } from "./agent-day.ts";
import { callbacksApi } from "./callbacks.ts";
import { worklistApi } from "./worklist.ts";
import { callsApi } from "./calls.ts";
import { routingExplainerApi } from "./routing-explainer.ts";
import { selfChecksApi } from "./self-checks.ts";
import { deskPhonesApi } from "./desk-phones.ts";
import { apiErrorResponse, apiRouter } from "./errors.ts";
import { ivrApi } from "./ivr.ts";
import { liveApi } from "./live.ts";
import { promptsApi } from "./prompts.ts";
import { queuesApi } from "./queues.ts";
import { servicesApi } from "./services.ts";
import { sipStatusApi } from "./sip-status.ts";
import { statsApi } from "./stats.ts";
import { trunksApi } from "./trunks.ts";
import { outboundRulesApi } from "./outbound-rules.ts";
import { webhooksApi } from "./webhooks.ts";
import { organizationApi } from "./organization.ts";
import { membersApi } from "./members.ts";

/**
 * Only requests with `Authorization: Bearer <API key>` pass (X3); the key's name is the actor of
 * what follows. Wrong keys are throttled per address (10 a minute), so keys cannot be guessed at speed.
 */
function requireApiKey(deps: WebDeps): MiddlewareHandler {
  const throttle = new LoginThrottle(deps.now ?? Date.now, 10, 60_000);
  return async (c, next) => {
    const ip = clientIp(c, deps.config.trustedProxies);
    const wait = throttle.retryAfter(ip);
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      throw new AppError(429, "too_many_attempts", "Too many wrong API keys from this address; try again later");
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
    const key = m ? deps.repos.organization.apiKeyScope(m[1]!) : undefined;
    const name = key?.name;
    if (!name) {
      if (m) throttle.fail(ip);
      c.header("WWW-Authenticate", 'Bearer realm="api"');
      throw new AppError(401, "unauthorized", "A valid organization API key is required (Authorization: Bearer <key>)");
    }
    c.set("apiActor", { kind: "api-key", id: name, ip });
    if (key.serviceId) c.set("apiScope", key.serviceId);
    await next();
  };
}

/**
 * X4 (issue 10): a key limited to one service reaches only that service's routes — another
 * service's answer 404 as if it did not exist, organization-wide routes (trunks, registrations,
 * webhooks, adding services) 403.
 */
function keyScope(): MiddlewareHandler {
  return async (c, next) => {
    const scope = c.get("apiScope");
    if (!scope) return next();
    const m = /\/api\/v1\/services(?:\/([^/]+))?/.exec(c.req.path);
    if (!m || (m[1] === undefined && c.req.method !== "GET")) {
      throw new AppError(403, "forbidden", `This API key is limited to service "${scope}"`);
    }
    if (m[1] !== undefined && decodeURIComponent(m[1]) !== scope) throw new AppError(404, "not_found", `service "${m[1]}" not found`);
    await next();
  };
}

/**
 * G10: a service's admin address ranges cover its part of the REST API too: a key used from
 * outside them is refused like the pages are (403), so a leaked key is of no use from elsewhere.
 */
function serviceRanges(deps: WebDeps): MiddlewareHandler {
  return async (c, next) => {
    const serviceId = c.req.param("serviceId");
    const ranges = serviceId ? deps.repos.access.list(serviceId).map((r) => r.cidr) : [];
    const ip = clientIp(c, deps.config.trustedProxies);
    if (ranges.length && !inRanges(ip, ranges)) {
      throw new AppError(403, "address_not_allowed", `This address (${ip}) is not in the service's admin address ranges`);
    }
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
  api.use("*", keyScope());
  api.use("/services/:serviceId/*", serviceRanges(deps));
  api.use("/services/:serviceId", serviceRanges(deps));
  api.route("/services", servicesApi(deps));
  api.route("/services/:serviceId/agents", agentsApi(deps));
  api.route("/services/:serviceId/agents", agentCallsApi(deps));
  api.route("/services/:serviceId/queues", queuesApi(deps));
  api.route("/services/:serviceId/ivr", ivrApi(deps));
  api.route("/services/:serviceId/outbound-rules", outboundRulesApi(deps));
  api.route("/services/:serviceId/desk-phones", deskPhonesApi(deps));
  api.route("/services/:serviceId/prompts", promptsApi(deps));
  api.route("/services/:serviceId/calls", callsApi(deps));
  api.route("/services/:serviceId", routingExplainerApi(deps));
  api.route("/services/:serviceId", agentDayApi(deps));
  api.route("/services/:serviceId", selfChecksApi(deps));
  api.route("/services/:serviceId/callbacks", callbacksApi(deps));
  api.route("/services/:serviceId/worklist", worklistApi(deps));
  api.route("/services/:serviceId/stats", statsApi(deps));
  api.route("/services/:serviceId/live", liveApi(deps));
  api.route("/trunks", trunksApi(deps));
  api.route("/webhooks", webhooksApi(deps));
  api.route("/members", membersApi(deps));
  api.route("/", organizationApi(deps));
  api.route("/", sipStatusApi(deps));
  api.all("*", (c) => c.json({ error: { code: "not_found", message: `No API route ${c.req.method} ${c.req.path}` } }, 404));
  return api;
}
