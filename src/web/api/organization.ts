import { createRoute, z } from "@hono/zod-openapi";
import { contractSchema, FEATURES, monthCharges, organizationSchema, type ChargeScope } from "../../cc/index.ts";
import { AppError } from "../../lib/index.ts";
import { ORGANIZATION_KEY } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const OrganizationSchema = z.object({ name: z.string(), domain: z.string(), url: z.string() }).openapi("Organization");
const ContractSchema = z
  .object({
    serviceId: z.string(),
    type: z.enum(["contact-center", "tickets"]),
    features: z.array(z.enum(FEATURES)).nullable().openapi({ description: "null while the contract step is missing (not in use)" }),
    licences: z.number().int(),
    contractedAt: z.string().nullable(),
    changedAt: z.string().nullable().openapi({ description: "Last edit; the contract can be edited at most once a day" }),
  })
  .openapi("Contract");
const PermissionSchema = z
  .object({
    at: z.string(), action: z.enum(["grant", "revoke"]), role: z.enum(["service-admin", "agent", "org-admin"]),
    serviceId: z.string().openapi({ description: "\"\" for the organization's own role" }),
    loginId: z.string(), name: z.string(), actor: z.string(), ip: z.string().nullable(),
  })
  .openapi("PermissionChange");
const ChargeRowSchema = z.object({
  serviceId: z.string(), name: z.string(), type: z.enum(["contact-center", "tickets"]), state: z.string(),
  base: z.number(), licences: z.number(), features: z.number(), deskPhones: z.number(), total: z.number(),
});
const ChargesSchema = z.object({ month: z.string(), rows: z.array(ChargeRowSchema), byType: z.record(z.string(), z.number()), total: z.number() }).openapi("Charges");

const orgTags = ["organization"];
const getOrg = createRoute({ method: "get", path: "/organization", tags: orgTags, security: bearer, responses: { 200: jsonResponse(OrganizationSchema, "The organization (O3)"), ...errorResponses } });
const patchOrg = createRoute({
  method: "patch", path: "/organization", tags: orgTags, security: bearer, request: jsonBody(organizationSchema.strict().meta({ id: "OrganizationPatch" })),
  responses: { 200: jsonResponse(OrganizationSchema, "Updated"), ...errorResponses },
});
const regenerate = createRoute({
  method: "post", path: "/organization/api-key", tags: orgTags, security: bearer,
  description: "A new organization key, returned once; the old one (the key of this request) stops working at once. Only the organization key may do this.",
  responses: { 200: jsonResponse(z.object({ apiKey: z.string() }), "The new key"), ...errorResponses },
});
const permissions = createRoute({
  method: "get", path: "/permission-log", tags: orgTags, security: bearer,
  request: { query: z.object({ q: z.string().optional(), serviceId: z.string().optional(), from: z.string().optional(), to: z.string().optional() }) },
  description: "Every grant and revoke of the organization (O6), newest first; `q` matches part of a name, ID, IP, service or action; from/to are epoch ms.",
  responses: { 200: jsonResponse(z.array(PermissionSchema), "The permission change log"), ...errorResponses },
});
const charges = createRoute({
  method: "get", path: "/charges", tags: orgTags, security: bearer,
  request: { query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "format").optional(), scope: z.string().optional() }) },
  description: "The month's charges (O2) per service, per type and in total; scope all, type:<type> or service:<id>.",
  responses: { 200: jsonResponse(ChargesSchema, "Charges"), ...errorResponses },
});
const getContract = createRoute({
  method: "get", path: "/services/{serviceId}/contract", tags: ["services"], security: bearer, request: { params: ServiceParams },
  responses: { 200: jsonResponse(ContractSchema, "The service's contract (O1)"), ...errorResponses },
});
const putContract = createRoute({
  method: "put", path: "/services/{serviceId}/contract", tags: ["services"], security: bearer,
  request: { params: ServiceParams, ...jsonBody(contractSchema.meta({ id: "ContractChange" })) },
  description: "Register the contract (a service not in use goes in use) or edit it, at most once a day (O1).",
  responses: { 200: jsonResponse(ContractSchema, "The contract"), ...errorResponses },
});

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** The organization's part of the API (O1 contract, O2 charges, O3 info and key, O6 log): same rules as the pages. */
export function organizationApi(deps: WebDeps) {
  const app = apiRouter();
  const org = deps.admin.organization;
  const zone = () => deps.repos.services.list()[0]?.timezone ?? "Asia/Seoul";
  const orgJson = () => {
    const o = org.get();
    const port = deps.config.httpsPort;
    return { name: o.name, domain: o.domain, url: `https://${o.domain}${port === 443 || port <= 0 ? "" : `:${port}`}/admin/` };
  };
  const contractJson = (serviceId: string) => {
    const s = deps.repos.services.get(serviceId) ?? (() => { throw notFound(`service "${serviceId}"`); })();
    const c = deps.admin.services.contractOf(s);
    return { serviceId, type: c.type, features: (c.features ?? null) as (typeof FEATURES)[number][] | null, licences: s.licences, contractedAt: iso(c.contractedAt), changedAt: iso(c.changedAt) };
  };

  app.openapi(getOrg, (c) => c.json(orgJson(), 200));
  app.openapi(patchOrg, (c) => {
    org.update(apiActor(c), c.req.valid("json"));
    return c.json(orgJson(), 200);
  });
  app.openapi(regenerate, (c) => {
    if (apiActor(c).id !== ORGANIZATION_KEY) throw new AppError(403, "forbidden", "Only the organization key can be regenerated with itself");
    return c.json({ apiKey: org.regenerateKey(apiActor(c)) }, 200);
  });
  app.openapi(permissions, (c) => {
    const q = c.req.valid("query");
    const rows = deps.repos.permissionLog.searchAll({ q: q.q, serviceId: q.serviceId, fromMs: num(q.from), toMs: num(q.to) });
    return c.json(rows.map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, role: e.role, serviceId: e.serviceId, loginId: e.memberLoginId, name: e.memberName, actor: e.actorLoginId, ip: e.ip ?? null })), 200);
  });
  app.openapi(charges, (c) => {
    const q = c.req.valid("query");
    const month = q.month ?? Temporal.Instant.fromEpochMilliseconds((deps.now ?? Date.now)()).toZonedDateTimeISO(zone()).toPlainDate().toString().slice(0, 7);
    return c.json(monthCharges(deps.repos, month, zone(), (q.scope ?? "all") as ChargeScope), 200);
  });
  app.openapi(getContract, (c) => c.json(contractJson(c.req.valid("param").serviceId), 200));
  app.openapi(putContract, (c) => {
    if (c.get("apiScope")) throw new AppError(403, "forbidden", "A key limited to one service cannot change its contract");
    const { serviceId } = c.req.valid("param");
    contractJson(serviceId);
    deps.admin.services.contract(apiActor(c), serviceId, c.req.valid("json"));
    return c.json(contractJson(serviceId), 200);
  });
  return app;
}
