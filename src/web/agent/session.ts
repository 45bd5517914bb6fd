import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Actor } from "../../cc/index.ts";
import type { AgentSession } from "../../store/index.ts";
import { clientIp, isHttps } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { pickLanguage } from "../i18n.ts";
import { AGENT_COOKIE, type AgentEnv } from "./env.ts";
import { hasCsrfToken } from "../csrf-token.ts";

/** Sets `lang` from ?lang=, cookie or Accept-Language, as the admin pages do (X7). */
export function consoleLanguage(): MiddlewareHandler<AgentEnv> {
  return async (c, next) => {
    c.set("lang", pickLanguage(c));
    await next();
  };
}

/**
 * Only a live console session passes (A1, X4): otherwise the sign-in page says why the session
 * ended (expired, signed in elsewhere, blocked …); htmx requests get `HX-Redirect`, scripts 401.
 * Unsafe methods must carry the session's CSRF token (`_csrf` field or `X-CSRF-Token` header).
 */
export function requireAgent(deps: WebDeps): MiddlewareHandler<AgentEnv> {
  return async (c, next) => {
    const id = getCookie(c, AGENT_COOKIE) ?? "";
    const st = deps.admin.agentSignIns.session(id);
    const service = st.ok ? deps.repos.services.get(st.session.serviceId) : undefined;
    if (!st.ok || !service) {
      if (id) deleteCookie(c, AGENT_COOKIE, { path: "/agent" });
      const target = `/agent/login${id ? `?ended=${st.ok ? "unknown" : st.ended}` : ""}`;
      if (c.req.header("HX-Request")) {
        c.header("HX-Redirect", target);
        return c.body(null, 401);
      }
      if (c.req.method !== "GET") return c.text("Signed out", 401);
      return c.redirect(target, 303);
    }
    if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method) && !(await hasCsrfToken(c, st.session.csrfToken))) {
      return c.text("Forbidden: missing or wrong CSRF token", 403);
    }
    c.set("console", { session: st.session, agent: st.agent, service });
    c.header("Cache-Control", "no-store");
    await next();
  };
}

/** Set the console's session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS, path /agent). */
export function setConsoleCookie(c: Context, trustedProxies: readonly string[], s: AgentSession): void {
  setCookie(c, AGENT_COOKIE, s.id, {
    path: "/agent",
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c, trustedProxies),
    maxAge: Math.floor((s.expiresAt - s.createdAt) / 1000),
  });
}

/** The signed-in agent as the actor of a change or a look (H5). */
export function agentActor(c: Context<AgentEnv>, deps: WebDeps): Actor {
  return { kind: "agent", id: c.get("console")?.agent.loginId ?? "-", ip: clientIp(c, deps.config.trustedProxies) };
}

/** The console of the request (behind `requireAgent`). */
export const consoleOf = (c: Context<AgentEnv>) => c.get("console")!;
