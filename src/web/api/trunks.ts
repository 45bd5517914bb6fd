import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../lib/index.ts";
import { NumberTakenError, UnknownServiceError, type Trunk, type TrunkNumber } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { apiRouter, conflict, notFound } from "./errors.ts";
import { bearer, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { TrunkCreateSchema, TrunkParams, TrunkPatchSchema, TrunkSchema } from "./trunk-schemas.ts";

/** The API view of a trunk: never the password (SPEC "Contracts": write-only). */
export const trunkJson = (t: Trunk): z.infer<typeof TrunkSchema> => ({
  trunkId: t.trunkId,
  name: t.name,
  mode: t.mode,
  host: t.host,
  port: t.port,
  transport: t.transport,
  username: t.username,
  hasPassword: t.password !== "",
  numbers: t.numbers.map((n) => ({ number: n.number, serviceId: n.serviceId })),
  createdAt: new Date(t.createdAt).toISOString(),
  updatedAt: new Date(t.updatedAt).toISOString(),
});

const tags = ["trunks"];
const list = createRoute({
  method: "get", path: "/", tags, security: bearer,
  responses: { 200: jsonResponse(z.array(TrunkSchema), "All carrier trunks"), ...errorResponses },
});
const create = createRoute({
  method: "post", path: "/", tags, security: bearer, request: jsonBody(TrunkCreateSchema),
  description: "Add a carrier trunk (T7): `register` keeps a digest-authenticated registration to the carrier; `peer` trusts calls from the host's address, which may reach only the appliance's numbers (T9).",
  responses: { 201: jsonResponse(TrunkSchema, "Created"), ...errorResponses },
});
const get = createRoute({
  method: "get", path: "/{trunkId}", tags, security: bearer, request: { params: TrunkParams },
  responses: { 200: jsonResponse(TrunkSchema, "The trunk"), ...errorResponses },
});
const patch = createRoute({
  method: "patch", path: "/{trunkId}", tags, security: bearer,
  request: { params: TrunkParams, ...jsonBody(TrunkPatchSchema) },
  description: "Change a trunk; `numbers`, when given, replaces the list. Omit `password` to keep it.",
  responses: { 200: jsonResponse(TrunkSchema, "Updated"), ...errorResponses },
});
const remove = createRoute({
  method: "delete", path: "/{trunkId}", tags, security: bearer, request: { params: TrunkParams },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

const invalid = (fields: Record<string, string>) =>
  new AppError(
    422,
    "validation_failed",
    `Invalid request: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ")}`,
    fields,
  );

/** Map the repository's refusals to API errors naming the offending `numbers[i]` field. */
function storeError(e: unknown, numbers: readonly TrunkNumber[] | undefined): never {
  if (e instanceof NumberTakenError) {
    const i = numbers?.findIndex((n) => n.number === e.number) ?? -1;
    throw conflict("number_taken", e.message, { [`numbers.${i}.number`]: `already belongs to trunk "${e.trunkId}"` });
  }
  if (e instanceof UnknownServiceError) {
    const i = numbers?.findIndex((n) => n.serviceId === e.serviceId) ?? -1;
    throw invalid({ [`numbers.${i}.serviceId`]: `no service "${e.serviceId}"` });
  }
  throw e;
}

/** /api/v1/trunks (T7, X3). Every change calls `deps.onRoutingChanged` (number plan, registrations). */
export function trunksApi(deps: WebDeps) {
  const { trunks } = deps.repos;
  const now = deps.now ?? Date.now;
  const app = apiRouter();
  const find = (id: string) => trunks.get(id) ?? fail(id);
  const changed = (trunkId: string, what: string) => {
    deps.logger.info({ trunkId }, `trunk ${what}`);
    deps.onRoutingChanged?.();
  };

  app.openapi(list, (c) => c.json(trunks.list().map(trunkJson), 200));
  app.openapi(create, (c) => {
    const body = c.req.valid("json");
    if (body.trunkId && trunks.get(body.trunkId)) {
      throw conflict("exists", `trunk "${body.trunkId}" already exists`, { trunkId: "is already used" });
    }
    let t: Trunk;
    try {
      t = trunks.create(body, now());
    } catch (e) {
      storeError(e, body.numbers);
    }
    changed(t.trunkId, "created");
    return c.json(trunkJson(t), 201);
  });
  app.openapi(get, (c) => c.json(trunkJson(find(c.req.valid("param").trunkId)), 200));
  app.openapi(patch, (c) => {
    const { trunkId } = c.req.valid("param");
    const body = c.req.valid("json");
    const next = { ...find(trunkId), ...body };
    if (next.mode === "register") {
      const missing: Record<string, string> = {};
      if (!next.username) missing.username = "is required for a register trunk";
      if (!next.password) missing.password = "is required for a register trunk";
      if (Object.keys(missing).length) throw invalid(missing);
    }
    let t: Trunk;
    try {
      t = trunks.update(trunkId, body, now())!;
    } catch (e) {
      storeError(e, body.numbers);
    }
    changed(trunkId, "updated");
    return c.json(trunkJson(t), 200);
  });
  app.openapi(remove, (c) => {
    const { trunkId } = c.req.valid("param");
    if (!trunks.remove(trunkId)) fail(trunkId);
    changed(trunkId, "deleted");
    return c.body(null, 204);
  });
  return app;
}

function fail(trunkId: string): never {
  throw notFound(`trunk "${trunkId}"`);
}
