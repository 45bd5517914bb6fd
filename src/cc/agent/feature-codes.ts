import { AppError } from "../../lib/index.ts";
import type { PromptId, PromptRef } from "../../telephony/index.ts";
import type { AgentMachine } from "./agent-state.ts";
import { AWAY_REASONS } from "./agent-state.ts";

/**
 * Desk-phone feature codes (A2 from a phone without the console). Dialled from the agent's own
 * extension; the telephony layer plays the returned confirmation and hangs up.
 *
 * | code        | effect                                                                    |
 * |-------------|---------------------------------------------------------------------------|
 * | `*20`       | log out                                                                   |
 * | `*21`       | ready (logs in when logged out)                                           |
 * | `*22`       | away, reason "break"                                                      |
 * | `*22N`      | away with reason N: 1 break, 2 meal, 3 training, 4 reporting, 5 meeting,  |
 * |             | 6 coaching, 7 tickets                                                     |
 * | `*23`       | wrap-up                                                                   |
 * | `*24`       | log in (state after login from G9)                                        |
 *
 * Confirmation prompts (system prompts the media layer ships): `custom:agent-logged-out`,
 * `custom:agent-ready`, `custom:agent-away`, `custom:agent-wrap-up`, `custom:agent-logged-in`;
 * refusals: `custom:feature-refused` (busy or not an agent) and `custom:feature-unknown`.
 */
export const FEATURE_CODES = {
  logout: "*20",
  ready: "*21",
  away: "*22",
  wrapUp: "*23",
  login: "*24",
} as const;

/** True when a dialled string is one of our feature codes (the telephony layer routes it to cc). */
export function isFeatureCode(dialled: string): boolean {
  return /^\*2[0-4]\d?$/.test(dialled);
}

const prompt = (id: string, language: "ko" | "en", serviceId?: string): PromptRef => ({
  kind: "prompt",
  id: id as PromptId,
  language,
  serviceId,
});

/**
 * Apply a feature code for an agent (undefined when the extension is not an agent's) and return
 * the confirmation to play.
 */
export function applyFeatureCode(
  agent: AgentMachine | undefined,
  code: string,
  opts: { language: "ko" | "en"; stateAfterLogin: "ready" | "away" },
): PromptRef {
  const say = (id: string) => prompt(id, opts.language, agent?.serviceId);
  if (!agent) return say("custom:feature-refused");
  try {
    if (code === FEATURE_CODES.logout) {
      agent.logout();
      return say("custom:agent-logged-out");
    }
    if (code === FEATURE_CODES.ready) {
      agent.choose("ready");
      return say("custom:agent-ready");
    }
    if (code.startsWith(FEATURE_CODES.away) && code.length <= 4) {
      const n = code.length === 4 ? Number(code[3]) : 1;
      const reason = AWAY_REASONS[n - 1];
      if (!reason) return say("custom:feature-unknown");
      agent.choose("away", reason);
      return say("custom:agent-away");
    }
    if (code === FEATURE_CODES.wrapUp) {
      agent.choose("wrap-up");
      return say("custom:agent-wrap-up");
    }
    if (code === FEATURE_CODES.login) {
      agent.login(opts.stateAfterLogin);
      return say("custom:agent-logged-in");
    }
    return say("custom:feature-unknown");
  } catch (e) {
    if (e instanceof AppError) return say("custom:feature-refused");
    throw e;
  }
}
