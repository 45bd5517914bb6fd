import { createRoute, z } from "@hono/zod-openapi";
import type { CanaryResult, ReconcileReport } from "../../cc/index.ts";
import { AppError } from "../../lib/index.ts";
import type { WebDeps } from "../deps.ts";
import { ccErrorResponses, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

const tags = ["self-checks"];

const DifferenceSchema = z
  .object({
    source: z.string().openapi({ description: "dashboard, statistics-by-queue, statistics-by-type, statistics-by-agent, statistics-by-service, csv, history" }),
    figure: z.string(), scope: z.string().openapi({ description: "service, queue:<id>, agent:<login>" }),
    value: z.number().openapi({ description: "What the source shows" }), expected: z.number().openapi({ description: "How many calls the figure's definition picks (the drill-down rows)" }),
  })
  .openapi("ReconcileDifference");
const ReportSchema = z
  .object({
    serviceId: z.string(), day: z.string(), from: z.string(), to: z.string(), at: z.string(), compared: z.number(), differences: z.array(DifferenceSchema),
  })
  .openapi("ReconcileReport");
const StepSchema = z
  .object({ number: z.string(), step: z.string(), ok: z.boolean(), code: z.string().optional(), detail: z.string() })
  .openapi("CanaryStep");
const CanarySchema = z
  .object({ serviceId: z.string(), at: z.string(), ok: z.boolean(), trigger: z.string(), steps: z.array(StepSchema), failure: StepSchema.optional() })
  .openapi("CanaryResult");
const DayQuery = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD").optional().openapi({ description: "Local day to check; default yesterday" }),
});

const reportJson = (r: ReconcileReport) => ({ ...r, from: iso(r.from)!, to: iso(r.to)!, at: iso(r.at)! });
const canaryJson = (r: CanaryResult) => ({ ...r, at: iso(r.at)! });

const runReconcile = createRoute({
  method: "post", path: "/reconcile", tags, security: bearer, request: { params: ServiceParams, query: DayQuery },
  description: "Run the numbers-that-reconcile check now (issue 17): the dashboard's day, the statistics, the CSV export and the call history against the calls each figure's definition picks. The report is stored as the latest (kept across a restart).",
  responses: { 200: jsonResponse(ReportSchema, "The report; `differences` is empty when everything agrees"), ...ccErrorResponses },
});
const lastReconcile = createRoute({
  method: "get", path: "/reconcile", tags, security: bearer, request: { params: ServiceParams },
  description: "The latest reconcile report (nightly or on demand), kept across a restart; 404 before the first.",
  responses: { 200: jsonResponse(ReportSchema, "The latest report"), ...ccErrorResponses },
});
const reconcileHistory = createRoute({
  method: "get", path: "/reconcile/history", tags, security: bearer, request: { params: ServiceParams },
  description: "The service's stored reconcile reports, newest first (the last 50).",
  responses: { 200: jsonResponse(z.array(ReportSchema), "Stored reports, newest first"), ...ccErrorResponses },
});
const runCanary = createRoute({
  method: "post", path: "/canary", tags, security: bearer, request: { params: ServiceParams },
  description: "Walk each of the service's numbers now as an internal caller (issue 17): greeting audible, hours verdict, every menu key reaching its queue. No call is recorded and no agent rung.",
  responses: { 200: jsonResponse(CanarySchema, "Every step; `failure` names the first failing number and step"), ...ccErrorResponses },
});
const lastCanary = createRoute({
  method: "get", path: "/canary", tags, security: bearer, request: { params: ServiceParams },
  description: "The latest canary call (at start-up, scheduled, after a save, or on demand), kept across a restart; 404 before the first.",
  responses: { 200: jsonResponse(CanarySchema, "The latest result"), ...ccErrorResponses },
});
const canaryHistory = createRoute({
  method: "get", path: "/canary/history", tags, security: bearer, request: { params: ServiceParams },
  description: "The service's stored canary calls, newest first (the last 50).",
  responses: { 200: jsonResponse(z.array(CanarySchema), "Stored results, newest first"), ...ccErrorResponses },
});

/** /api/v1/services/{serviceId}/reconcile and /canary (issue 17 points 4, 5). */
export function selfChecksApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  const checks = () => {
    if (!deps.selfChecks) throw new AppError(503, "unavailable", "The self-checks are not running");
    return deps.selfChecks;
  };
  app.openapi(runReconcile, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(reportJson(checks().reconciler.run(serviceId, c.req.valid("query").day)), 200);
  });
  app.openapi(lastReconcile, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    const r = checks().reconciler.latest(serviceId);
    if (!r) throw notFound("reconcile report");
    return c.json(reportJson(r), 200);
  });
  app.openapi(reconcileHistory, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(checks().reconciler.history(serviceId).map(reportJson), 200);
  });
  app.openapi(runCanary, async (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(canaryJson(await checks().canary.run(serviceId, "request")), 200);
  });
  app.openapi(lastCanary, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    const r = checks().canary.latest(serviceId);
    if (!r) throw notFound("canary result");
    return c.json(canaryJson(r), 200);
  });
  app.openapi(canaryHistory, (c) => {
    const { serviceId } = c.req.valid("param");
    serviceOf(deps, serviceId);
    return c.json(checks().canary.history(serviceId).map(canaryJson), 200);
  });
  return app;
}
