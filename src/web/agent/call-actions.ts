import { Hono, type Context } from "hono";
import type { WebDeps } from "../deps.ts";

/** The signed-in agent of a console request, as the console's session middleware knows it. */
export interface ConsoleAgent {
  serviceId: string;
  loginId: string;
}

/** Reads the signed-in agent from the context; the console helper wires its own. */
export type AgentOf = (c: Context) => ConsoleAgent | undefined;

/** Default: the console session middleware sets `c.get("agent")` to `{ serviceId, loginId }`. */
export const agentFromContext: AgentOf = (c) => c.get("agent" as never) as ConsoleAgent | undefined;

/**
 * In-call controls of the agent console (A4, A5, C9, C10), mounted under `/agent/calls`:
 * POST /hold, /resume, /transfer {loginId}, /hangup, /dial {number, callbackId?}.
 */
export function callActionsRoutes(deps: WebDeps, agentOf: AgentOf = agentFromContext): Hono {
  const app = new Hono();
  void deps;
  for (const path of ["/hold", "/resume", "/transfer", "/hangup", "/dial"]) {
    app.post(path, (c) => (agentOf(c) ? c.json({ error: "not implemented yet" }, 501) : c.json({ error: "sign in" }, 401)));
  }
  return app;
}
