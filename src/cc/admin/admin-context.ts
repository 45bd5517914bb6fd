import type { Clock, Logger } from "../../lib/index.ts";
import type { Repos, Service } from "../../store/index.ts";
import type { AgentStatus, ChosenState } from "../agent/index.ts";
import type { ChangeLog } from "./change-log.ts";
import type { LiveCalls } from "./live-calls.ts";
import { missing } from "./rule-error.ts";

/** The live agent state machines, when calls are running (the ContactCenter provides them). */
export interface LiveAgents {
  setState(serviceId: string, loginId: string, state: ChosenState, reason?: string, by?: string): AgentStatus;
  /** Sign in to the live state machine (G9 state after login). */
  login(serviceId: string, loginId: string): AgentStatus;
  /** Sign out of it; refused (409) while on a call. */
  logout(serviceId: string, loginId: string): AgentStatus;
  /** The agent's state now. */
  agentState(serviceId: string, loginId: string): AgentStatus;
  /** Hold, transfer, hang up and dial (absent where no calls run). */
  readonly inCall?: LiveCalls;
}

/** Side effects outside the database that some changes need; main.ts wires them. */
export interface AdminHooks {
  /** A number, a service's state or a trunk changed: refresh the number plan and trunk registrations. */
  routingChanged?(): void;
  /** The live SIP ban list (T9), when the SIP server runs in this process. */
  bans?: { lift(address: string): boolean };
  /** Where the service's prompt audio is made and kept (M6); absent in tests that need none. */
  prompts?: PromptStore;
  /** Mail for invitations (O4) when CC_SMTP_URL is set; without it links are shown on screen. */
  mailer?: Mailer;
}

/** Sends one plain-text mail (main.ts wires an SMTP client when CC_SMTP_URL is set). */
export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>;
}

/** The service's prompt audio (media's prompt studio satisfies it; cc does not import media). */
export interface PromptStore {
  /** Is text-to-speech available on this host? */
  ttsAvailable(): boolean;
  /** Speak a text into one of the service's prompts. */
  saveTts(serviceId: string, promptId: string, text: string, language: "ko" | "en"): Promise<void>;
  /** Convert and keep an uploaded WAV or MP3; throws when the audio cannot be read. */
  saveUpload(serviceId: string, promptId: string, bytes: Uint8Array, mime: string): Promise<void>;
}

/** What every area of the administration shares. */
export interface AdminContext {
  repos: Repos;
  clock: Clock;
  log: Logger;
  changes: ChangeLog;
  hooks: AdminHooks;
  /** Set once the contact center runs (see Administration.attachLiveAgents). */
  live?: LiveAgents;
}

/** The service, or a 404 RuleError. */
export function serviceOf(ctx: AdminContext, serviceId: string): Service {
  return ctx.repos.services.get(serviceId) ?? (() => { throw missing("service"); })();
}
