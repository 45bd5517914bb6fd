import { Hono } from "hono";
import type { WebDeps } from "../deps.ts";
import type { ServiceEnv } from "./service-scope.ts";

/** Lookups (서비스 조회, H1–H3). */
export function historyRoutes(_deps: WebDeps): Hono<ServiceEnv> {
  return new Hono<ServiceEnv>();
}
