import { Hono } from "hono";
import { csrf } from "hono/csrf";
import type { WebDeps } from "../deps.ts";
import type { ConsoleOptions } from "./area.tsx";
import { consoleAssets } from "./assets.ts";
import { callActionsRoutes } from "./call-actions.ts";
import { callbacksRoutes } from "./callbacks.tsx";
import type { AgentEnv } from "./env.ts";
import { eventsRoutes } from "./events.tsx";
import { historyRoutes } from "./history.tsx";
import { homeRoutes } from "./home.tsx";
import { loginRoutes } from "./login.tsx";
import { moreRoutes } from "./more.tsx";
import { softphoneCredentialsRoutes } from "./softphone-credentials.ts";
import { consoleLanguage, requireAgent } from "./session.ts";
import { statsRoutes } from "./stats.tsx";
import { worklistConsoleRoutes } from "./worklist.tsx";

/**
 * The agent console under /agent/ (A1–A11, SPEC "Contracts"): static files and sign-in open; every
 * other route behind a live console session with CSRF checks. One sub-app per area; the call
 * controls' routes (another part's file) under /agent/calls with the signed-in agent.
 */
export function agentApp(deps: WebDeps): Hono {
  const app = new Hono<AgentEnv>();
  const opts: ConsoleOptions = { callControls: true };
  app.route("/", consoleAssets() as unknown as Hono<AgentEnv>);
  app.use(csrf());
  app.use(consoleLanguage());
  app.route("/", loginRoutes(deps));

  const signedIn = new Hono<AgentEnv>();
  signedIn.use(requireAgent(deps));
  signedIn.route("/", homeRoutes(deps, opts));
  signedIn.route("/", eventsRoutes(deps, opts));
  signedIn.route("/", historyRoutes(deps, opts));
  signedIn.route("/", statsRoutes(deps, opts));
  signedIn.route("/", callbacksRoutes(deps, opts));
  signedIn.route("/", worklistConsoleRoutes(deps, opts));
  signedIn.route("/", moreRoutes(deps, opts));
  signedIn.route("/", softphoneCredentialsRoutes(deps));
  const agentOf = (c: import("hono").Context) => {
    const x = (c as import("hono").Context<AgentEnv>).get("console");
    return x && { serviceId: x.agent.serviceId, loginId: x.agent.loginId };
  };
  signedIn.route("/calls", callActionsRoutes(deps, agentOf) as unknown as Hono<AgentEnv>);
  app.route("/", signedIn);
  return app as unknown as Hono;
}
