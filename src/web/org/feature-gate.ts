import type { MiddlewareHandler } from "hono";
import { FEATURES, type Feature } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";

/** The pages and API routes each contract feature gates (O1): `/admin/services/<id>/…` and `/api/v1/services/<id>/…`. */
const GATED: [RegExp, Feature][] = [
  [/^\/(?:admin\/services\/[^/]+\/statistics|api\/v1\/services\/[^/]+\/stats)(?:\/|$)/, "statistics"],
  [/^\/(?:admin\/services\/[^/]+\/history\/callbacks|api\/v1\/services\/[^/]+\/callbacks)(?:\/|$)/, "callback"],
  [/^\/(?:admin|api\/v1)\/services\/[^/]+\/.*recording/, "recording"],
];

/**
 * O1: a feature the service's contract leaves off has no pages or API routes — they answer 404
 * (after the service's own checks would). Services without a stored contract have every feature.
 */
export function featureGate(deps: WebDeps): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const hit = GATED.find(([re]) => re.test(path));
    if (hit) {
      const serviceId = decodeURIComponent(/\/services\/([^/]+)\//.exec(path)?.[1] ?? "");
      const s = deps.repos.services.get(serviceId);
      const features = s ? (deps.repos.contracts.get(serviceId, s.createdAt, FEATURES).features ?? []) : FEATURES;
      if (!features.includes(hit[1])) {
        return path.startsWith("/api/")
          ? c.json({ error: { code: "not_found", message: `The contract of service "${serviceId}" has no ${hit[1]}` } }, 404)
          : c.text("Not found: this service's contract has no such feature", 404);
      }
    }
    await next();
  };
}
