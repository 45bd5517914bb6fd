import { createRoute, z } from "@hono/zod-openapi";
import { trailWords, agentWords, type ContactCenter } from "../../cc/index.ts";
import type { Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { CallParams, ccErrorResponses, ccOf, iso, requireCc, serviceOf } from "./cc-api.ts";
import { apiRouter, notFound } from "./errors.ts";
import { bearer, jsonResponse } from "./openapi-helpers.ts";
import { AgentParams, ServiceParams } from "./schemas.ts";

const tags = ["routing explainer"];
const LangQuery = z.object({
  lang: z.enum(["ko", "en"], { error: "must be ko or en" }).optional().openapi({ description: "Language of the plain words; default the service's" }),
});

const TrailStepSchema = z
  .object({
    seq: z.number(),
    at: z.string().openapi({ format: "date-time" }),
    time: z.string().openapi({ description: "Local time (service time zone), HH:MM:SS" }),
    step: z.enum(["number", "hours", "key", "queue", "round", "offer", "callback", "dial", "rule", "caps", "callerId", "trunk", "noTrunk", "far", "internal", "end"]),
    text: z.string().openapi({ description: "The step in plain words" }),
    agents: z.array(z.string()).optional().openapi({ description: "A round's agents, each with why they were skipped and the fact behind it" }),
    detail: z.record(z.string(), z.unknown()).openapi({ description: "The facts recorded (rule, key, agents' states and since when …)" }),
  })
  .openapi("TrailStep");
const TrailSchema = z.object({ callId: z.string(), steps: z.array(TrailStepSchema) }).openapi("CallTrail");

const WaitingSchema = z
  .object({
    callId: z.string(), from: z.string(), queueId: z.string(), enteredAt: z.string(), waitingSeconds: z.number(), offered: z.array(z.string()),
    why: z.array(z.string()).openapi({ description: "Every member of the queue now and why they do not take this caller" }),
    agents: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("WaitingCaller");

const MissedSchema = z
  .object({ callId: z.string(), at: z.string(), time: z.string(), outcome: z.string(), text: z.string() })
  .openapi("MissedOffer");

const PreviewCallSchema = z
  .object({
    callId: z.string(), startedAt: z.string(), from: z.string(), to: z.string(),
    now: z.record(z.string(), z.unknown()), after: z.record(z.string(), z.unknown()), nowText: z.string(), afterText: z.string(),
  })
  .openapi("PreviewedCall");
const PreviewSchema = z
  .object({ from: z.string(), to: z.string(), replayed: z.number(), changed: z.array(PreviewCallSchema) })
  .openapi("ChangePreview");
const PreviewBody = z
  .record(z.string(), z.unknown())
  .openapi("ChangePreviewRequest", {
    description: 'One change: {"change":"hours","hours":{…}} | {"change":"holiday-add","holiday":{date,name,kind,repeat}} | {"change":"holiday-remove","date"} | {"change":"menu","menu":[…]} | {"change":"menu-remove","digit"} | {"change":"flow","flow":{…}} | {"change":"queue-agents","queueId","agents":[…]}',
  });

const trailRoute = createRoute({
  method: "get", path: "/calls/{callId}/trail", tags, security: bearer, request: { params: CallParams, query: LangQuery },
  description: "A call's decision trail (issue 17): inbound — number and service, hours verdict and its rule, keys, queue, each offer round with every agent and why, offers' results, callback; outbound — who dialled from where, the number as dialled and sent, the outbound rule, the caps with their figures, the caller ID, each trunk tried with its answer, the far end's result; internal — the extension, its agent, their state and phone registration; then the end. Facts and plain words.",
  responses: { 200: jsonResponse(TrailSchema, "The trail"), ...ccErrorResponses },
});
const waitingRoute = createRoute({
  method: "get", path: "/waiting", tags, security: bearer, request: { params: ServiceParams, query: LangQuery },
  description: "Why each waiting caller still waits, now: every member of their queue with the reason and the fact.",
  responses: { 200: jsonResponse(z.array(WaitingSchema), "Waiting callers"), ...ccErrorResponses },
});
const missedRoute = createRoute({
  method: "get", path: "/agents/{loginId}/missed-offers", tags, security: bearer, request: { params: AgentParams, query: LangQuery },
  description: "The offers an agent did not take in the last 24 hours and why (no answer, rejected, phone unregistered, withdrawn).",
  responses: { 200: jsonResponse(z.array(MissedSchema), "Missed offers, newest first"), ...ccErrorResponses },
});
const previewRoute = createRoute({
  method: "post", path: "/changes/preview", tags, security: bearer,
  request: { params: ServiceParams, body: { content: { "application/json": { schema: PreviewBody } }, required: true }, query: LangQuery },
  description: "Which of the last 7 days' real calls a change of hours, holidays, menu or queue members would route differently, and where they would go. Nothing is stored; 422 names a malformed field.",
  responses: { 200: jsonResponse(PreviewSchema, "The calls that would go elsewhere"), ...ccErrorResponses },
});

const langOf = (s: Service, q?: "ko" | "en"): "ko" | "en" => q ?? (s.language === "ko" ? "ko" : "en");

/** Missed offers of an agent in plain words (the console and the API). */
export function missedOffers(cc: ContactCenter, s: Service, loginId: string, lang: "ko" | "en", now: number) {
  return cc.trail
    .forAgent(s.serviceId, loginId, now - 86_400_000)
    .filter((e) => e.step === "offer" && (e.detail as { outcome: string }).outcome !== "answered")
    .map((e) => ({ callId: e.callId, at: e.at, outcome: (e.detail as { outcome: string }).outcome, line: trailWords([e], lang, s.timezone)[0]! }));
}

/** Waiting callers and why, in plain words (the dashboard and the API). */
export function waitingWhy(cc: ContactCenter, s: Service, lang: "ko" | "en", now: number) {
  return cc.whyWaiting(s.serviceId).map((w) => ({ ...w, waitingSeconds: Math.round((now - w.enteredAt) / 1000), why: w.agents.map((a) => agentWords(a, lang, s.timezone)) }));
}

/** /api/v1/services/{serviceId}: the routing explainer and the change preview (issue 17 points 3 and 6). */
export function routingExplainerApi(deps: WebDeps) {
  const app = apiRouter();
  app.use("*", requireCc(deps));
  const now = () => deps.now?.() ?? Date.now();

  app.openapi(trailRoute, (c) => {
    const { serviceId, callId } = c.req.valid("param");
    const s = serviceOf(deps, serviceId);
    const call = deps.repos.calls.get(callId);
    if (!call || call.serviceId !== serviceId) throw notFound(`call "${callId}" of service "${serviceId}"`);
    const entries = ccOf(deps).callTrail(callId);
    const names = new Map(deps.repos.queues.list(serviceId).map((q) => [q.queueId, q.name]));
    const lines = trailWords(entries, langOf(s, c.req.valid("query").lang), s.timezone, (id) => names.get(id) ?? id);
    const steps = entries.map((e, i) => ({ ...lines[i]!, at: iso(e.at)!, step: e.step, detail: e.detail as unknown as Record<string, unknown> }));
    return c.json({ callId, steps }, 200);
  });

  app.openapi(waitingRoute, (c) => {
    const { serviceId } = c.req.valid("param");
    const s = serviceOf(deps, serviceId);
    const rows = waitingWhy(ccOf(deps), s, langOf(s, c.req.valid("query").lang), now());
    return c.json(rows.map((w) => ({ ...w, enteredAt: iso(w.enteredAt)!, agents: w.agents as unknown as Record<string, unknown>[] })), 200);
  });

  app.openapi(missedRoute, (c) => {
    const { serviceId, loginId } = c.req.valid("param");
    const s = serviceOf(deps, serviceId);
    if (!deps.repos.agents.get(serviceId, loginId)) throw notFound(`agent "${loginId}"`);
    const rows = missedOffers(ccOf(deps), s, loginId, langOf(s, c.req.valid("query").lang), now());
    return c.json(rows.map((m) => ({ callId: m.callId, at: iso(m.at)!, time: m.line.time, outcome: m.outcome, text: m.line.text })), 200);
  });

  app.openapi(previewRoute, (c) => {
    const { serviceId } = c.req.valid("param");
    const s = serviceOf(deps, serviceId);
    const lang = langOf(s, c.req.valid("query").lang);
    const p = deps.admin.preview.preview(serviceId, c.req.valid("json"));
    return c.json({
      from: iso(p.from)!, to: iso(p.to)!, replayed: p.replayed,
      changed: p.changed.map((x) => ({
        callId: x.callId, startedAt: iso(x.startedAt)!, from: x.from, to: x.to, now: x.now as Record<string, unknown>, after: x.after as Record<string, unknown>,
        nowText: x.nowText[lang], afterText: x.afterText[lang],
      })),
    }, 200);
  });
  return app;
}
