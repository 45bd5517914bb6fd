import type { Context, MiddlewareHandler } from "hono";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";

/** Writes one audit entry for the request's member, service and client address. */
export type AuditSink = (c: Context, action: string, target: string) => void;

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `auditMiddleware`; used through `audit()`. */
    auditSink?: AuditSink;
  }
}

/** Makes `audit()` work for every route behind it (H5). */
export function auditMiddleware(deps: WebDeps): MiddlewareHandler {
  const sink: AuditSink = (c, action, target) => {
    const auth = c.get("auth" as never) as { member: { loginId: string } } | undefined;
    deps.repos.audit.record(
      {
        serviceId: c.req.param("serviceId") ?? undefined,
        loginId: auth?.member.loginId ?? "-",
        action,
        target,
        ip: clientIp(c, deps.config.trustedProxies),
      },
      (deps.now ?? Date.now)(),
    );
  };
  return async (c, next) => {
    c.set("auditSink", sink);
    await next();
  };
}

/**
 * Record in the audit log (H5) that the signed-in member did `action` ("view", "play",
 * "download", "export", "create", "update", "delete" …) to `target` ("agents/agent1",
 * "calls/<id>/recording" …), with the time, the service of the route and the client address.
 */
export function audit(c: Context, action: string, target: string): void {
  c.get("auditSink")?.(c, action, target);
}
