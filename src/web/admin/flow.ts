// Load order matters: @hono/zod-openapi must extend zod before cc's flow schema is built, or the
// REST API's `flowSchema.openapi(...)` fails (zod 4 attaches methods per instance).
import "@hono/zod-openapi";
import { defaultFlow, flowSchema, type Flow } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";

/** The service's ARS flow, validated by the domain's schema (the default flow when none is stored). */
export function readFlow(deps: WebDeps, serviceId: string): Flow {
  const stored = deps.repos.flows.get(serviceId);
  if (!stored) return defaultFlow();
  const r = flowSchema.safeParse(stored.flow);
  return r.success ? r.data : defaultFlow();
}

/** Validate and store a changed flow; throws when the domain's schema refuses it (a bug of the page). */
export function writeFlow(deps: WebDeps, serviceId: string, flow: Flow, now: number): void {
  deps.repos.flows.put(serviceId, flowSchema.parse(flow), now);
}

export { holidaySchema, koreanHolidays, menuEntrySchema, timeRangeSchema, WEEKDAYS, type Flow, type Holiday } from "../../cc/index.ts";
