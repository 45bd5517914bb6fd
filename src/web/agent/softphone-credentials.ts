/**
 * The browser softphone's SIP credentials (issue 8, softphone mode; A1, T4). Agents' SIP passwords are
 * stored only as HA1 hashes, so the console cannot hand the page the real one. Instead each live console
 * session is a short-lived SIP secret for its agent's extension: HMAC-SHA256 keyed with the session id
 * (random 256 bits, only ever in the HttpOnly cookie and the database), so the page learns a secret that
 * does not reveal its session. main.ts gives the digest authenticator `softphoneSecretsFor` as alternates:
 * a session that is signed out, signed out elsewhere or expired is no longer live, and its secret stops working.
 */
import { createHmac } from "node:crypto";
import { Hono } from "hono";
import type { Repos } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import type { AgentEnv } from "./env.ts";
import { consoleOf } from "./session.ts";

const LABEL = "cc softphone SIP secret v1";

/** The SIP secret of one console session (hex, 64 characters). */
export function softphoneSecret(sessionId: string): string {
  return createHmac("sha256", sessionId).update(LABEL).digest("hex");
}

/** The secrets good for an extension now: one per live console session of its agent. */
export function softphoneSecretsFor(repos: Pick<Repos, "agents" | "agentSessions">, now: () => number = Date.now): (extension: string) => string[] {
  return (extension) => {
    const agent = repos.agents.findByExtension(extension);
    if (!agent) return [];
    return repos.agentSessions.live(agent.serviceId, agent.loginId, now()).map((s) => softphoneSecret(s.id));
  };
}

/**
 * GET /softphone/credentials (behind `requireAgent`): `{ user, password, displayName }` for
 * `ccSoftphone.start(...)`. Never cached: the answer is a secret.
 */
export function softphoneCredentialsRoutes(_deps: WebDeps): Hono<AgentEnv> {
  const app = new Hono<AgentEnv>();
  app.get("/softphone/credentials", (c) => {
    const { session, agent } = consoleOf(c);
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
    return c.json({ user: agent.extension, password: softphoneSecret(session.id), displayName: agent.name });
  });
  return app;
}
