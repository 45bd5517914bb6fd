import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { consoleText, ConsoleLoginPage, type ConsoleKey, type ConsoleLoginProps } from "../../../views/index.ts";
import { RuleError, type AgentSignInOutcome } from "../../cc/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { LoginThrottle } from "../admin/login-throttle.ts";
import { AGENT_COOKIE, REMEMBER_COOKIE, type AgentEnv } from "./env.ts";
import { requireAgent, setConsoleCookie } from "./session.ts";

const ENDED = new Set(["expired", "forced-logout", "forced", "blocked", "manual", "unknown"]);
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** The remembered service and agent ID (A1 "remember ID"), or empty values. */
function remembered(c: Context): { serviceId: string; loginId: string; remember: boolean } {
  const [serviceId = "", loginId = ""] = (getCookie(c, REMEMBER_COOKIE) ?? "").split("\n");
  return { serviceId, loginId, remember: Boolean(serviceId || loginId) };
}

/** Keep or forget the IDs for the next sign-in (never the password). */
function remember(c: Context, on: boolean, serviceId: string, loginId: string): void {
  if (on) setCookie(c, REMEMBER_COOKIE, `${serviceId}\n${loginId}`, { path: "/agent", httpOnly: true, sameSite: "Lax", maxAge: 365 * 24 * 3600 });
  else deleteCookie(c, REMEMBER_COOKIE, { path: "/agent" });
}

/**
 * The console's sign-in, the "signed in elsewhere" confirm step, and sign-out (A1, X4), throttled
 * per service, agent ID and address like the admin sign-in; every result lands in the login history.
 */
export function loginRoutes(deps: WebDeps): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  const throttle = new LoginThrottle(deps.now ?? Date.now);
  const log = deps.logger.child("web.agent.login");

  const page = (c: Context<AgentEnv>, p: Omit<ConsoleLoginProps, "lang">, status: 200 | 401 | 429 = 200) => {
    c.header("Cache-Control", "no-store");
    return c.html(<ConsoleLoginPage lang={c.get("lang")} {...p} />, status);
  };
  const t = (c: Context<AgentEnv>) => consoleText(c.get("lang"));

  /** Signed in: the cookies, then the main screen; otherwise the page says why. */
  const finish = (c: Context<AgentEnv>, out: AgentSignInOutcome, values: ConsoleLoginProps["values"]) => {
    switch (out.kind) {
      case "signed-in":
        setConsoleCookie(c, deps.config.trustedProxies, out.session);
        remember(c, values.remember, values.serviceId, values.loginId);
        return c.redirect("/agent/", 303);
      case "confirm":
        return page(c, { values, ticket: out.ticket });
      case "cancelled":
        return page(c, { values, notice: t(c)("login.cancelled") });
      case "stale":
        return page(c, { values, error: t(c)("login.stale") }, 401);
      case "refused": {
        // Typed without a cast: every refusal (not-mapped included) must have its message in both languages.
        const key: ConsoleKey = `login.${out.result}`;
        return page(c, { values, error: t(c)(key) }, 401);
      }
    }
  };

  app.get("/login", (c) => {
    if (deps.admin.agentSignIns.session(getCookie(c, AGENT_COOKIE) ?? "").ok) return c.redirect("/agent/", 303);
    const ended = c.req.query("ended") ?? "";
    const out = c.req.query("out") === "1";
    // A phone's camera opens this from the admin's QR code with the service and ID filled in (issue 9).
    const given = { serviceId: c.req.query("serviceId")?.slice(0, 64), loginId: c.req.query("loginId")?.slice(0, 64) };
    const kept = remembered(c);
    return page(c, {
      values: { ...kept, serviceId: given.serviceId ?? kept.serviceId, loginId: given.loginId ?? kept.loginId },
      error: ENDED.has(ended) && ended !== "manual" ? t(c)(`ended.${ended}` as ConsoleKey) : undefined,
      notice: out || ended === "manual" ? t(c)("ended.manual") : undefined,
    });
  });

  app.post("/login", async (c) => {
    const body = await c.req.parseBody();
    const values = { serviceId: text(body.serviceId).trim(), loginId: text(body.loginId).trim(), remember: body.remember === "1" };
    const ip = clientIp(c, deps.config.trustedProxies);
    const key = `${values.serviceId}/${values.loginId}\u0000${ip}`;
    const wait = throttle.retryAfter(key);
    if (wait > 0) {
      log.warn({ serviceId: values.serviceId, loginId: values.loginId, ip }, "console sign-in throttled");
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      return page(c, { values, error: t(c)("login.throttled", { minutes: Math.max(1, Math.ceil(wait / 60_000)) }) }, 429);
    }
    const out = await deps.admin.agentSignIns.signIn({ ...values, password: text(body.password), ip, platform: c.req.header("User-Agent") });
    if (out.kind === "refused") {
      throttle.fail(key);
      log.info({ serviceId: values.serviceId, loginId: values.loginId, ip, result: out.result }, "console sign-in refused");
    } else throttle.reset(key);
    // The confirm step keeps "remember ID" in the ticket's form.
    if (out.kind === "confirm") remember(c, values.remember, values.serviceId, values.loginId);
    return finish(c, out, values);
  });

  app.post("/login/confirm", async (c) => {
    const body = await c.req.parseBody();
    const out = deps.admin.agentSignIns.confirm(text(body.ticket), body.force === "1", clientIp(c, deps.config.trustedProxies));
    const values = remembered(c);
    return finish(c, out, values);
  });

  app.post("/logout", requireAgent(deps), (c) => {
    const id = getCookie(c, AGENT_COOKIE) ?? "";
    try {
      deps.admin.agentSignIns.signOut(id, clientIp(c, deps.config.trustedProxies));
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      // On a call: the agent stays signed in and the main screen says why.
      return c.redirect(`/agent/?refused=${encodeURIComponent(e.code)}`, 303);
    }
    deleteCookie(c, AGENT_COOKIE, { path: "/agent" });
    return c.redirect("/agent/login?out=1", 303);
  });
  return app;
}
