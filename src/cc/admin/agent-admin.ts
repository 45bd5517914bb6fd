import { z } from "zod";
import { AppError, generatePassword } from "../../lib/index.ts";
import type { Agent } from "../../store/index.ts";
import type { AgentStatus, ChosenState } from "../agent/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { consolePasswordSchema, hashConsolePassword } from "./console-password.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

const group = z.string().trim().max(40, "tooLong");

/** A new agent (G5); the SIP and console passwords are generated unless given. */
export const newAgentSchema = z.object({
  loginId: z.string().trim().min(1, "required").max(64, "tooLong").regex(/^[A-Za-z0-9._-]+$/, "format"),
  name: z.string().trim().min(1, "required").max(50, "tooLong"),
  group: group.optional(),
  sipPassword: z.string().min(8, "tooShort").max(128, "tooLong").optional(),
  /** The console password (A1), write-only. */
  password: consolePasswordSchema.optional(),
});
export type NewAgentInput = z.input<typeof newAgentSchema>;

/** A change to an agent (G5): name, group ("" or null clears it), blocked. */
export const agentChangeSchema = z.object({
  name: z.string().trim().min(1, "required").max(50, "tooLong"),
  group: group.nullable(),
  blocked: z.boolean(),
}).partial();
export type AgentChange = z.input<typeof agentChangeSchema>;

/** A state an agent, an admin or the API picks (A2). */
export const agentStateSchema = z.object({
  state: z.enum(["ready", "away", "wrap-up"], "format"),
  reason: z.enum(["break", "meal", "training", "reporting", "meeting", "coaching", "tickets"], "format").optional(),
});
export type AgentStateInput = z.input<typeof agentStateSchema>;

/** An agent and the SIP password shown once. */
export interface AgentWithSecret {
  agent: Agent;
  sipPassword: string;
}

/** An agent with its SIP and console passwords, shown once (SPEC "Contracts"). */
export interface AgentWithSecrets extends AgentWithSecret {
  password: string;
}

const BUSY = new Set(["dialing", "ringing", "on-call"]);

/** Agents (G5, A2): add up to the licences, change, block, delete, reset the SIP password, set the state. */
export class AgentAdmin {
  constructor(private readonly ctx: AdminContext) {}

  create(actor: Actor, serviceId: string, input: NewAgentInput): AgentWithSecrets {
    const v = parseInput(newAgentSchema, input);
    const { repos, clock } = this.ctx;
    const password = v.password ?? generatePassword(12);
    const hash = hashConsolePassword(password);
    return this.ctx.changes.commit(actor, () => {
      const service = serviceOf(this.ctx, serviceId);
      // Issue 9: "Kim" and "kim" are one login ID to a person reading a list (sign-in stays case-sensitive, A1).
      const lower = v.loginId.toLowerCase();
      if (repos.agents.get(serviceId, v.loginId) || repos.agents.list(serviceId).some((a) => a.loginId.toLowerCase() === lower)) {
        throw refuse("loginId", "duplicate", 409);
      }
      if (repos.agents.licencesUsed(serviceId) >= service.licences) throw refuse("loginId", "licenceFull", 409);
      const sipPassword = v.sipPassword ?? generatePassword(16);
      const agent = repos.agents.create({ serviceId, loginId: v.loginId, name: v.name, group: v.group || undefined }, sipPassword, clock.now());
      repos.agentConsole.setPasswordHash(serviceId, agent.loginId, hash);
      return { serviceId, action: "create", target: `agents/${agent.loginId}`, after: agent, result: { agent, sipPassword, password } };
    });
  }

  update(actor: Actor, serviceId: string, loginId: string, input: AgentChange): Agent {
    const v = parseInput(agentChangeSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const before = this.agent(serviceId, loginId);
      const after = this.ctx.repos.agents.update(serviceId, loginId, { ...v, group: v.group === undefined ? undefined : v.group || null })!;
      const action = v.blocked === undefined || v.blocked === before.blocked ? "update" : v.blocked ? "block" : "unblock";
      const target = Object.keys(v).length === 1 && v.group !== undefined ? `agents/${loginId}/group` : `agents/${loginId}`;
      return { serviceId, action, target, before, after, result: after };
    });
  }

  remove(actor: Actor, serviceId: string, loginId: string): void {
    this.ctx.changes.commit(actor, () => {
      const before = this.agent(serviceId, loginId);
      this.ctx.repos.agents.remove(serviceId, loginId);
      return { serviceId, action: "delete", target: `agents/${loginId}`, before, result: undefined };
    });
  }

  /**
   * Issue a new SIP password for the agent's extension on purpose (G5, G2): the agent's softphone
   * and every desk phone of the extension take the new one (the phones fetch it at their next
   * provisioning). Returns it once, with the phones that must be updated.
   */
  resetSipPassword(actor: Actor, serviceId: string, loginId: string): AgentWithSecret & { phones: string[] } {
    const { repos } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const agent = this.agent(serviceId, loginId);
      const sipPassword = generatePassword(16);
      repos.agents.setSipPassword(serviceId, loginId, sipPassword);
      repos.deskPhones.setSipPassword(agent.extension, sipPassword);
      const phones = repos.deskPhones.list(serviceId).filter((p) => p.extension === agent.extension).map((p) => p.mac);
      return { serviceId, action: "reset-password", target: `agents/${loginId}`, after: { extension: agent.extension, phones }, result: { agent, sipPassword, phones } };
    });
  }

  /**
   * Reset both of the agent's passwords on purpose (G5, SPEC "Contracts"): a new SIP password (as
   * {@link resetSipPassword}) and a new console password; both are returned once.
   */
  resetPasswords(actor: Actor, serviceId: string, loginId: string): AgentWithSecrets & { phones: string[] } {
    const password = generatePassword(12);
    const hash = hashConsolePassword(password);
    return this.ctx.changes.commit(actor, () => {
      const agent = this.agent(serviceId, loginId);
      const sipPassword = generatePassword(16);
      this.ctx.repos.agents.setSipPassword(serviceId, loginId, sipPassword);
      this.ctx.repos.deskPhones.setSipPassword(agent.extension, sipPassword);
      this.ctx.repos.agentConsole.setPasswordHash(serviceId, loginId, hash);
      const phones = this.ctx.repos.deskPhones.list(serviceId).filter((p) => p.extension === agent.extension).map((p) => p.mac);
      return {
        serviceId, action: "reset-password", target: `agents/${loginId} (SIP and console)`, after: { extension: agent.extension, phones },
        result: { agent, sipPassword, password, phones },
      };
    });
  }

  /** Pick ready / away (reason) / wrap-up (A2): refused while dialing, ringing or on a call, and ready is refused to a blocked agent. */
  setState(actor: Actor, serviceId: string, loginId: string, input: AgentStateInput): AgentStatus | Agent {
    const v = parseInput(agentStateSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const before = this.agent(serviceId, loginId);
      if (before.blocked && v.state !== "away") throw refuse("state", "blocked", 409);
      const live = this.ctx.live;
      let after: AgentStatus | Agent;
      if (live) after = liveState(() => live.setState(serviceId, loginId, v.state as ChosenState, v.reason, actorCause(actor)));
      else {
        if (BUSY.has(before.state)) throw refuse("state", "busy", 409);
        after = this.ctx.repos.agents.update(serviceId, loginId, { state: v.state })!;
      }
      return {
        serviceId, action: "state", target: `agents/${loginId}/state (${v.state}${v.reason ? ` ${v.reason}` : ""})`,
        before: { state: before.state }, after: { state: after.state, reason: v.reason }, result: after,
      };
    });
  }

  private agent(serviceId: string, loginId: string): Agent {
    serviceOf(this.ctx, serviceId);
    return this.ctx.repos.agents.get(serviceId, loginId) ?? (() => { throw missing("agent"); })();
  }
}

/** The live state machine refuses a change while on a call (409): the same "busy" rule as without it. */
function liveState(set: () => AgentStatus): AgentStatus {
  try {
    return set();
  } catch (e) {
    if (e instanceof AppError && e.status === 409) throw refuse("state", "busy", 409);
    throw e;
  }
}

/** The cause of a state change picked through a door (issue 17): the agent, an admin (who), an API key, the command line. */
function actorCause(actor: Actor): string {
  if (actor.kind === "agent") return "agent";
  if (actor.kind === "api-key") return `api: ${actor.id}`;
  if (actor.kind === "system") return "system";
  return `admin: ${actor.id}`;
}
