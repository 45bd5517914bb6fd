import { Hono } from "hono";
import { LoginPage } from "../../../views/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { SESSION_TTL_MS, type AdminEnv } from "./env.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { KnownDevices } from "./known-devices.ts";
import { endSession, requireAdmin, setSessionCookie } from "./session.ts";

/** Only same-site relative paths are accepted as `next` (no open redirect). */
const safeNext = (next: unknown): string =>
  typeof next === "string" && /^\/admin\/[\w\-/]*$/.test(next) ? next : "/admin";

/** Sign-in and sign-out of the admin pages (X4), throttled per login id and IP. */
export function loginRoutes(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const throttle = new LoginThrottle(deps.now ?? Date.now);
  // Failures on one account from anywhere but its known devices (a guesser spread over addresses).
  const accountThrottle = new LoginThrottle(deps.now ?? Date.now, 20, 15 * 60_000);
  const devices = new KnownDevices(() => deps.repos.organization.deviceKey()); // kept across restarts (issue 11)
  const log = deps.logger.child("web.login");

  app.get("/login", (c) => {
    if (c.get("auth")) return c.redirect(safeNext(c.req.query("next")), 303);
    return c.html(<LoginPage lang={c.get("lang")} t={c.get("t")} next={c.req.query("next")} />);
  });

  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    const loginId = typeof body.loginId === "string" ? body.loginId.trim() : "";
    const password = typeof body.password === "string" ? body.password : "";
    const next = typeof body.next === "string" ? body.next : undefined;
    const ip = clientIp(c, deps.config.trustedProxies);
    // A known device counts its own failures only: nobody else's wrong passwords lock its owner out.
    const device = devices.known(c, loginId);
    const key = device ? `device\u0000${device}` : `${loginId}\u0000${ip}`;
    const accountKey = `account\u0000${loginId}`;
    const t = c.get("t");
    const page = (status: 401 | 429, error: string) =>
      c.html(<LoginPage lang={c.get("lang")} t={t} loginId={loginId} error={error} next={next} />, status);

    const wait = Math.max(throttle.retryAfter(key), device ? 0 : accountThrottle.retryAfter(accountKey));
    if (wait > 0) {
      log.warn({ loginId, ip }, "sign-in throttled");
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return page(429, t("login.throttled", { minutes: Math.max(1, Math.ceil(wait / 60_000)) }));
    }
    const out = await deps.admin.signIns.signIn({ loginId, password, ip, platform: c.req.header("User-Agent") }, SESSION_TTL_MS);
    if (!out.ok) {
      throttle.fail(key);
      if (!device) accountThrottle.fail(accountKey);
      log.info({ loginId, ip, result: out.result }, "sign-in failed");
      return page(401, t("login.failed"));
    }
    throttle.reset(key);
    setSessionCookie(c, deps.config.trustedProxies, out.session);
    devices.remember(c, loginId, deps.config.trustedProxies);
    log.info({ loginId, ip }, "signed in");
    return c.redirect(safeNext(next), 303);
  });

  app.post("/logout", requireAdmin(), (c) => {
    endSession(c, deps, clientIp(c, deps.config.trustedProxies));
    return c.redirect("/admin/login", 303);
  });

  return app;
}
