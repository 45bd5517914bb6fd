import { Hono } from "hono";
import type { WebDeps } from "../deps.ts";
import type { ServiceEnv } from "./service-scope.ts";

/** Statistics (통계, S1–S2). */
export function statisticsRoutes(_deps: WebDeps): Hono<ServiceEnv> {
  return new Hono<ServiceEnv>();
}
