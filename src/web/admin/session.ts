import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { WebSession } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { pickLanguage, translator } from "../i18n.ts";
import { SESSION_COOKIE, SESSION_TTL_MS, type AdminEnv } from "./env.ts";
import { isHttps } from "../client-ip.ts";
import { hasCsrfToken } from "../csrf-token.ts";

const now = (deps: WebDeps) => (deps.now ?? Date.now)();

/** Sets `lang` and `t` from ?lang=, cookie or Accept-Language (X7). */
export function languageMiddleware(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const lang = pickLanguage(c);
    c.set("lang", lang);
    c.set("t", translator(lang));
    await next();
  };
}

/** Loads the session named by the cookie (if live) into `auth`. */
export function loadSession(deps: WebDeps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) {
      const session = deps.repos.sessions.get(id, now(deps));
      const member = session && deps.repos.members.get(session.memberId);
      if (session && member?.active) c.set("auth", { session, member });
      else if (!session) deps.admin.signIns.expire(); // H4: an expired session ends as "expiry".
    }
    await next();
  };
}

/**
 * Only signed-in members with admin rights (org admin or a service-admin role) pass (X4). Others
 * go to the sign-in page (htmx requests get `HX-Redirect`). Unsafe methods must carry the
 * session's CSRF token (`_csrf` form field or `X-CSRF-Token` header).
 */
export function requireAdmin(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const auth = c.get("auth");
    if (!auth) {
      const target = `/admin/login?next=${encodeURIComponent(c.req.path)}`;
      if (c.req.header("HX-Request")) {
        c.header("HX-Redirect", target);
        return c.body(null, 401);
      }
      return c.redirect(target, 303);
    }
    const m = auth.member;
    if (!m.orgAdmin && !m.roles.some((r) => r.role === "service-admin")) return c.text("Forbidden", 403);
    if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method) && !(await hasCsrfToken(c, auth.session.csrfToken))) {
      return c.text("Forbidden: missing or wrong CSRF token", 403);
    }
    await next();
  };
}

/** Set the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS). */
export function setSessionCookie(c: Context, trustedProxies: readonly string[], s: WebSession): void {
  setCookie(c, SESSION_COOKIE, s.id, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c, trustedProxies),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** End the current session and clear its cookie; the login history gets a manual sign-out (H4). */
export function endSession(c: Context, deps: WebDeps, ip?: string): void {
  const id = getCookie(c, SESSION_COOKIE);
  if (id) deps.admin.signIns.signOut(id, ip);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
