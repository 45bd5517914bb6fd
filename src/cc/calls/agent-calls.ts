import type { ConnectedCall } from "./connected-call.ts";

/** What an agent is on now: an outbound dial still ringing, or a call bridged to a customer (A5). */
export interface AgentCall {
  readonly callId: string;
  /** Set once the customer and the agent are bridged (hold and transfer need it). */
  readonly connected?: ConnectedCall;
  /** Set while this agent is the one consulted by another (its login id) about this call (C10). */
  readonly consultedBy?: string;
  /** End it from the agent's side (the console's hang-up button). */
  hangup(): void;
}

/**
 * Which call each agent is on, so the console and the API can act on "my call" (hold, transfer,
 * hang up) without knowing call ids. Calls register and unregister themselves.
 */
export class AgentCalls {
  private readonly calls = new Map<string, AgentCall>();

  get(serviceId: string, loginId: string): AgentCall | undefined {
    return this.calls.get(`${serviceId}/${loginId}`);
  }

  set(agent: { serviceId: string; loginId: string }, call: AgentCall): void {
    this.calls.set(`${agent.serviceId}/${agent.loginId}`, call);
  }

  /** Forget the agent's call, unless the agent has moved on to another one meanwhile. */
  clear(agent: { serviceId: string; loginId: string }, call: AgentCall): void {
    const key = `${agent.serviceId}/${agent.loginId}`;
    if (this.calls.get(key) === call) this.calls.delete(key);
  }

  /** Calls up now (leak checks in tests). */
  get size(): number {
    return this.calls.size;
  }
}
