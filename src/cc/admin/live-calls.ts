import type { DialHow } from "../trail/index.ts";

/** An agent's call as the console and the API see it (A5). */
export interface AgentCallView {
  callId: string;
  /** "dialing": an outbound call the far end has not answered; the others as the connected call's state. */
  state: "dialing" | "talking" | "held" | "transferring" | "consulting";
  /** The agent being rung or consulted during a hand-over (for the consulted agent: the one consulting). */
  target?: string;
  /** A consultation whose agent answered (it can be completed). */
  consultAnswered: boolean;
}

/**
 * The in-call controls of the running center (C9, C10, A4, A5), provided by the ContactCenter. The one
 * door (CallControlAdmin) checks the rules first; these only act.
 */
export interface LiveCalls {
  current(serviceId: string, loginId: string): AgentCallView | undefined;
  hold(serviceId: string, loginId: string): void;
  resume(serviceId: string, loginId: string): void;
  /** Blind transfer to `target` (a ready agent of the service). */
  transfer(serviceId: string, loginId: string, target: string): void;
  /** Consultative transfer: call `target` while the customer holds. */
  consult(serviceId: string, loginId: string, target: string): void;
  completeConsult(serviceId: string, loginId: string): void;
  cancelConsult(serviceId: string, loginId: string): void;
  hangup(serviceId: string, loginId: string): void;
  /** Ring the agent, then `number` through the service's trunk; returns the call id. */
  dial(serviceId: string, loginId: string, number: string, callbackId?: number, how?: DialHow): string;
}
