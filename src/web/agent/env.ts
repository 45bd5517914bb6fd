import type { Lang } from "../../../views/index.ts";
import type { Agent, AgentSession, Service } from "../../store/index.ts";

/** Context variables of the agent console. */
export type AgentEnv = {
  Variables: {
    lang: Lang;
    /** Set by `requireAgent` for a live console session. */
    console?: { session: AgentSession; agent: Agent; service: Service };
  };
};

/** The console's session cookie (path /agent, HttpOnly). */
export const AGENT_COOKIE = "cc_agent";
/** The remembered service and agent ID ("ID 저장", A1): never a password. */
export const REMEMBER_COOKIE = "cc_agent_id";
