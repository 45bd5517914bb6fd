import { createRoute, z } from "@hono/zod-openapi";
import type { WebDeps } from "../deps.ts";
import { apiActor } from "./api-actor.ts";
import { apiRouter } from "./errors.ts";
import { bearer, errorResponses, jsonResponse } from "./openapi-helpers.ts";
import { BanSchema, RegistrationSchema } from "./schemas.ts";

const registrations = createRoute({
  method: "get", path: "/registrations", tags: ["sip"], security: bearer,
  responses: { 200: jsonResponse(z.array(RegistrationSchema), "Current SIP bindings (T5)"), ...errorResponses },
});
const bans = createRoute({
  method: "get", path: "/bans", tags: ["sip"], security: bearer,
  responses: { 200: jsonResponse(z.array(BanSchema), "Banned source addresses (T9)"), ...errorResponses },
});
const lift = createRoute({
  method: "delete", path: "/bans/{address}", tags: ["sip"], security: bearer,
  request: { params: z.object({ address: z.string().openapi({ param: { name: "address", in: "path" } }) }) },
  responses: { 204: { description: "Lifted" }, ...errorResponses },
});

/** /api/v1/registrations and /api/v1/bans (T5, T9, X3). */
export function sipStatusApi(deps: WebDeps) {
  const app = apiRouter();
  const now = deps.now ?? Date.now;
  app.openapi(registrations, (c) => {
    const t = now();
    const out = deps
      .registrations()
      .filter((b) => b.expiresAt > t)
      .map((b) => ({
        extension: b.aor,
        contact: b.contact,
        transport: b.source.transport,
        address: b.source.address,
        port: b.source.port,
        ...(b.userAgent !== undefined ? { userAgent: b.userAgent } : {}),
        expiresAt: new Date(b.expiresAt).toISOString(),
        expiresInSeconds: Math.max(0, Math.round((b.expiresAt - t) / 1000)),
      }));
    return c.json(out, 200);
  });
  app.openapi(bans, (c) =>
    c.json(
      deps.bans.list().map((b) => ({
        address: b.address,
        reason: b.reason,
        createdAt: new Date(b.createdAt).toISOString(),
        expiresAt: new Date(b.expiresAt).toISOString(),
      })),
      200,
    ),
  );
  app.openapi(lift, (c) => {
    const { address } = c.req.valid("param");
    deps.admin.bans.lift(apiActor(c), address);
    return c.body(null, 204);
  });
  return app;
}
