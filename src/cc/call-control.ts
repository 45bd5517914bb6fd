import type { AgentCallView, LiveCalls } from "./admin/index.ts";
import { refuse } from "./admin/rule-error.ts";
import type { AgentBoard, AgentMachine } from "./agent/index.ts";
import type { AgentCalls, ConnectedCall } from "./calls/index.ts";
import type { DialHow } from "./trail/index.ts";

/**
 * The running center's in-call controls (LiveCalls): finds the agent's call and acts on it. The one
 * door (CallControlAdmin) has checked the rules; a call that changed meanwhile is refused the same way.
 */
export class CallControl implements LiveCalls {
  constructor(
    private readonly o: {
      agents: AgentBoard;
      registry: AgentCalls;
      dial(agent: AgentMachine, number: string, callbackId?: number, how?: DialHow): string;
    },
  ) {}

  current(serviceId: string, loginId: string): AgentCallView | undefined {
    const call = this.o.registry.get(serviceId, loginId);
    if (!call) return undefined;
    if (call.consultedBy !== undefined) return { callId: call.callId, state: "consulting", target: call.consultedBy, consultAnswered: true };
    const c = call.connected;
    if (!c || c.state === "ended") return { callId: call.callId, state: "dialing", consultAnswered: false };
    return { callId: call.callId, state: c.state, ...(c.target ? { target: c.target.loginId } : {}), consultAnswered: c.consultAnswered };
  }

  hold(serviceId: string, loginId: string): void {
    this.call(serviceId, loginId).hold();
  }

  resume(serviceId: string, loginId: string): void {
    this.call(serviceId, loginId).resume();
  }

  transfer(serviceId: string, loginId: string, target: string): void {
    this.call(serviceId, loginId).transfer(this.agent(serviceId, target));
  }

  consult(serviceId: string, loginId: string, target: string): void {
    this.call(serviceId, loginId).consult(this.agent(serviceId, target));
  }

  completeConsult(serviceId: string, loginId: string): void {
    this.call(serviceId, loginId).completeConsult();
  }

  cancelConsult(serviceId: string, loginId: string): void {
    this.call(serviceId, loginId).cancelConsult();
  }

  hangup(serviceId: string, loginId: string): void {
    const call = this.o.registry.get(serviceId, loginId);
    if (!call) throw refuse("_form", "noCall", 409);
    call.hangup();
  }

  dial(serviceId: string, loginId: string, number: string, callbackId?: number, how?: DialHow): string {
    return this.o.dial(this.agent(serviceId, loginId), number, callbackId, how);
  }

  private call(serviceId: string, loginId: string): ConnectedCall {
    const c = this.o.registry.get(serviceId, loginId)?.connected;
    if (!c) throw refuse("_form", "noCall", 409);
    return c;
  }

  private agent(serviceId: string, loginId: string): AgentMachine {
    const a = this.o.agents.get(serviceId, loginId);
    if (!a) throw refuse("loginId", "unknown");
    return a;
  }
}
