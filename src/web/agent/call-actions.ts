import { Hono, type Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorText, settingsText, type Lang, type SettingsKey } from "../../../views/index.ts";
import { RuleError, type Actor, type AgentCallView } from "../../cc/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";

/** The signed-in agent of a console request, as the console's session middleware knows it. */
export interface ConsoleAgent {
  serviceId: string;
  loginId: string;
}

/** Reads the signed-in agent from the context (the console's `requireAgent` has checked session and CSRF). */
export type AgentOf = (c: Context) => ConsoleAgent | undefined;

/** Default: the console session middleware's `console` variable. */
export const agentFromContext: AgentOf = (c) => {
  const x = c.get("console" as never) as { agent: ConsoleAgent } | undefined;
  return x && { serviceId: x.agent.serviceId, loginId: x.agent.loginId };
};

/** The request's language: the console's `lang`, else Accept-Language (ko first → Korean). */
function langOf(c: Context): Lang {
  const set = c.get("lang" as never) as Lang | undefined;
  if (set) return set;
  return /^\s*ko\b/i.test(c.req.header("Accept-Language") ?? "") ? "ko" : "en";
}

/** Form or JSON body fields as strings (the console posts forms; scripts may post JSON). */
async function fields(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("Content-Type") ?? "";
  const raw: Record<string, unknown> = type.includes("application/json") ? await c.req.json().catch(() => ({})) : await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === "string" || typeof v === "number") out[k] = String(v).trim();
  return out;
}

/** A refused rule: its messages in the request's language, as JSON, or a fragment for htmx. */
function refused(c: Context, err: RuleError): Response {
  const s = settingsText(langOf(c));
  const fieldsOut = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, errorText(s, v)])) : undefined;
  const message = fieldsOut ? [...new Set(Object.values(fieldsOut))].join(" ") : errorText(s, err.code);
  const status = err.status as ContentfulStatusCode;
  if (c.req.header("HX-Request")) return c.html(`<span class="error" role="alert">${escapeHtml(message)}</span>`, status);
  return c.json({ error: { code: err.code, message, ...(fieldsOut ? { fields: fieldsOut } : {}) } }, status);
}

/** Done: the call's state and a line for the console's status slot. */
function done(c: Context, key: SettingsKey, vars: Record<string, string>, body: Record<string, unknown>): Response {
  const message = settingsText(langOf(c))(key, vars);
  if (c.req.header("HX-Request")) return c.html(`<span role="status">${escapeHtml(message)}</span>`);
  return c.json({ ok: true, message, ...body });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * In-call controls of the agent console (A4, A5, C9, C10), mounted under `/agent/calls` behind the
 * console's session and CSRF checks. Each is one operation of the one door (`admin.calls`), audited
 * with the agent as actor. POST /hold, /resume, /transfer {loginId, mode?}, /consult {loginId},
 * /consult/complete, /consult/cancel, /hangup, /dial {number, callbackId?}. JSON answers
 * (`{ ok, message, call }`, errors `{ error: { code, message, fields } }`), fragments for htmx.
 */
export function callActionsRoutes(deps: WebDeps, agentOf: AgentOf = agentFromContext): Hono {
  const app = new Hono();
  const calls = deps.admin.calls;

  /** Run `op` for the signed-in agent; a refused rule answers with its message. */
  const act = (op: (me: ConsoleAgent, actor: Actor, input: Record<string, string>, c: Context) => Response) => async (c: Context) => {
    const me = agentOf(c);
    if (!me) return c.json({ error: { code: "unauthorized", message: "Sign in first" } }, 401);
    const input = await fields(c);
    const actor: Actor = { kind: "agent", id: me.loginId, ip: clientIp(c, deps.config.trustedProxies) };
    try {
      return op(me, actor, input, c);
    } catch (e) {
      if (e instanceof RuleError) return refused(c, e);
      throw e;
    }
  };
  const view = (call: AgentCallView) => ({ call });

  app.post("/hold", act((me, actor, _i, c) => done(c, "calls.held", {}, view(calls.hold(actor, me.serviceId, me.loginId)))));
  app.post("/resume", act((me, actor, _i, c) => done(c, "calls.resumed", {}, view(calls.resume(actor, me.serviceId, me.loginId)))));
  app.post("/transfer", act((me, actor, input, c) => {
    const mode = input.mode === "consult" ? "consult" : "blind";
    const call = calls.transfer(actor, me.serviceId, me.loginId, { loginId: input.loginId ?? "", mode });
    return done(c, mode === "consult" ? "calls.consulting" : "calls.transferring", { agent: input.loginId ?? "" }, view(call));
  }));
  app.post("/consult", act((me, actor, input, c) => {
    const call = calls.transfer(actor, me.serviceId, me.loginId, { loginId: input.loginId ?? "", mode: "consult" });
    return done(c, "calls.consulting", { agent: input.loginId ?? "" }, view(call));
  }));
  app.post("/consult/complete", act((me, actor, _i, c) => done(c, "calls.transferred", {}, view(calls.completeConsult(actor, me.serviceId, me.loginId)))));
  app.post("/consult/cancel", act((me, actor, _i, c) => done(c, "calls.back", {}, view(calls.cancelConsult(actor, me.serviceId, me.loginId)))));
  app.post("/hangup", act((me, actor, _i, c) => done(c, "calls.ended", {}, calls.hangup(actor, me.serviceId, me.loginId))));
  app.post("/dial", act((me, actor, input, c) => {
    const callbackId = input.callbackId ? input.callbackId : undefined;
    const r = calls.dial(actor, me.serviceId, me.loginId, { number: input.number ?? "", ...(callbackId ? { callbackId } : {}) });
    return done(c, "calls.dialling", { number: r.number }, r);
  }));
  return app;
}
