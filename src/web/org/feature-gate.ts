import type { MiddlewareHandler } from "hono";
import { FEATURES, type Feature } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";

/** The service pages (paths under `/admin/services/<id>/`) each contract feature gates: hidden from the menus when off. */
const GATED_PAGES: [string, Feature][] = [
  ["statistics", "statistics"],
  ["history/callbacks", "callback"],
  ["history/worklist", "callback"],
  ["recordings", "recording"],
];

/** The features in the service's contract (every feature for a service without a stored contract, or none for an unknown one). */
export function featuresOf(deps: WebDeps, serviceId: string): readonly string[] {
  const s = deps.repos.services.get(serviceId);
  return s ? (deps.repos.contracts.get(serviceId, s.createdAt, FEATURES).features ?? []) : FEATURES;
}

/** O1: the service's pages its contract leaves off — the menus do not show them (their routes answer 404). */
export function offPages(deps: WebDeps, serviceId: string): string[] {
  const on = featuresOf(deps, serviceId);
  return GATED_PAGES.filter(([, f]) => !on.includes(f)).map(([p]) => p);
}

/** The pages and API routes each contract feature gates (O1): `/admin/services/<id>/…` and `/api/v1/services/<id>/…`. */
const GATED: [RegExp, Feature][] = [
  [/^\/(?:admin\/services\/[^/]+\/statistics|api\/v1\/services\/[^/]+\/stats)(?:\/|$)/, "statistics"],
  // The lost-caller worklist (issue 15) is part of the callbacks feature: it exists to ask for callbacks.
  [/^\/(?:admin\/services\/[^/]+\/history\/(?:callbacks|worklist)|api\/v1\/services\/[^/]+\/(?:callbacks|worklist))(?:\/|$)/, "callback"],
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
      if (!featuresOf(deps, serviceId).includes(hit[1])) {
        return path.startsWith("/api/")
          ? c.json({ error: { code: "not_found", message: `The contract of service "${serviceId}" has no ${hit[1]}` } }, 404)
          : c.text("Not found: this service's contract has no such feature", 404);
      }
    }
    await next();
  };
}
