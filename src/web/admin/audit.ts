import type { Context } from "hono";
import type { WebDeps } from "../deps.ts";
import { memberActor } from "./door.ts";

/** Writes one audit entry for the request's member, service and client address. */
export type AuditSink = (c: Context, action: string, target: string) => void;

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `auditMiddleware`; used through `audit()`. */
    auditSink?: AuditSink;
  }
}

/** Makes `audit()` work for every route behind it (H5); entries go through the domain's change log. */
export function auditMiddleware(deps: WebDeps) {
  const sink: AuditSink = (c, action, target) =>
    deps.admin.recordAccess(memberActor(c, deps), c.req.param("serviceId") ?? undefined, action, target);
  return async (c: Context, next: () => Promise<void>) => {
    c.set("auditSink", sink);
    await next();
  };
}

/**
 * Record in the audit log (H5) that the signed-in member looked at something: "view", "play",
 * "download", "export" of a target ("calls/<id>/recording" …). Changes are audited by the domain.
 */
export function audit(c: Context, action: string, target: string): void {
  c.get("auditSink")?.(c, action, target);
}
