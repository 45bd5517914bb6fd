import { createRoute, z } from "@hono/zod-openapi";
import { newTrunkSchema, trunkChangeSchema } from "../../cc/index.ts";
import type { Trunk } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { TrunkParams, TrunkSchema } from "./trunk-schemas.ts";

/** The API view of a trunk: never the password (SPEC "Contracts": write-only). */
export const baseJson = (t: Trunk): z.infer<typeof TrunkSchema> => ({
  trunkId: t.trunkId,
  name: t.name,
  mode: t.mode,
  host: t.host,
  port: t.port,
  transport: t.transport,
  username: t.username,
  hasPassword: t.password !== "",
  numbers: t.numbers.map((n) => ({ number: n.number, serviceId: n.serviceId })),
  anyPort: t.anyPort,
  addresses: t.addresses,
  fromUser: t.fromUser,
  assertIdentity: t.assertIdentity,
  priority: t.priority,
  maxCalls: t.maxCalls,
  outboundProxy: t.outboundProxy,
  capHourMinutes: t.capHourMinutes,
  capDayMinutes: t.capDayMinutes,
  createdAt: new Date(t.createdAt).toISOString(),
  updatedAt: new Date(t.updatedAt).toISOString(),
});

const tags = ["trunks"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer,
  responses: { 200: jsonResponse(z.array(TrunkSchema), "All carrier trunks"), ...errorResponses },
});
const create = createRoute({
  method: "post", path: "/", tags, security: bearer, request: jsonBody(newTrunkSchema.meta({ id: "TrunkCreate" })),
  description: "Add a carrier trunk (T7): `register` keeps a digest-authenticated registration to the carrier; `peer` trusts calls from the host's address, which may reach only the appliance's numbers (T9).",
  responses: { 201: jsonResponse(TrunkSchema, "Created"), ...errorResponses },
});
const get = createRoute({
  method: "get", path: "/{trunkId}", tags, security: bearer, request: { params: TrunkParams },
  responses: { 200: jsonResponse(TrunkSchema, "The trunk"), ...errorResponses },
});
const patch = createRoute({
  method: "patch", path: "/{trunkId}", tags, security: bearer,
  request: { params: TrunkParams, ...jsonBody(trunkChangeSchema.meta({ id: "TrunkPatch" })) },
  description: "Change a trunk; `numbers`, when given, replaces the list. Omit `password` to keep it.",
  responses: { 200: jsonResponse(TrunkSchema, "Updated"), ...errorResponses },
});
const remove = createRoute({
  method: "delete", path: "/{trunkId}", tags, security: bearer, request: { params: TrunkParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

/** /api/v1/trunks (T7, X3): reads here, every change through the domain's administration. */
export function trunksApi(deps: WebDeps) {
  const { trunks } = deps.repos;
  const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : undefined);
  /** The trunk with what the appliance knows of its carrier now (registration, OPTIONS probe). */
  const trunkJson = (t: Trunk) => {
    const s = deps.trunkStates?.().find((x) => x.trunkId === t.trunkId);
    if (!s) return baseJson(t);
    const status = {
      state: s.state, lastAnswer: s.lastAnswer, expiresAt: iso(s.expiresAt), retryAt: iso(s.retryAt),
      probe: s.probe && { state: s.probe.state, rttMs: s.probe.rttMs, lastAnswer: s.probe.lastAnswer, checkedAt: iso(s.probe.checkedAt) },
    };
    return { ...baseJson(t), status };
  };
  const admin = deps.admin.trunks;
  const app = apiRouter();
  const find = (id: string) => trunks.get(id) ?? fail(id);

  app.openapi(list, (c) => c.json(trunks.list().map(trunkJson), 200));
  app.openapi(create, (c) => c.json(trunkJson(admin.create(apiActor(c), c.req.valid("json"))), 201));
  app.openapi(get, (c) => c.json(trunkJson(find(c.req.valid("param").trunkId)), 200));
  app.openapi(patch, (c) => {
    const { trunkId } = c.req.valid("param");
    find(trunkId);
    return c.json(trunkJson(admin.update(apiActor(c), trunkId, c.req.valid("json"))), 200);
  });
  app.openapi(remove, (c) => {
    const { trunkId } = c.req.valid("param");
    find(trunkId);
    admin.remove(apiActor(c), trunkId);
    return c.body(null, 204);
  });
  return app;
}

function fail(trunkId: string): never {
  throw notFound(`trunk "${trunkId}"`);
}
