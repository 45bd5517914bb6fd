// Load order matters: @hono/zod-openapi must extend zod before cc's flow schema is built, or the
// REST API's `flowSchema.openapi(...)` fails (zod 4 attaches methods per instance).
import "@hono/zod-openapi";
import { storedFlow, type Flow } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";

/** The service's ARS flow as the domain reads it (the default flow when none is stored). */
export function readFlow(deps: WebDeps, serviceId: string): Flow {
  return storedFlow(deps.repos, serviceId, deps.logger);
}

export { holidaySchema, koreanHolidays, menuEntrySchema, timeRangeSchema, WEEKDAYS, type Flow, type Holiday } from "../../cc/index.ts";
