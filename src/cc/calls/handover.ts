import type { Bridge, CallLeg, EndReason } from "../../telephony/index.ts";
import type { AgentMachine } from "../agent/index.ts";
import type { AgentCall } from "./agent-calls.ts";
import { HOLD_MUSIC, RINGBACK } from "./call-sounds.ts";
import type { ConnectedCall } from "./connected-call.ts";

/**
 * A connected call handed to another agent (C10).
 * - Blind: the customer hears ringback while `target` rings and the first agent is freed at once
 *   (wrap-up per G9). If `target` does not answer, the first agent is rung back once when free;
 *   otherwise the customer hears goodbye.
 * - Consult: the customer hears hold music while the first agent talks to `target`; complete hands
 *   the customer over, cancel (or `target` not answering or hanging up) goes back to the customer.
 * Every leg rung is kept in the call record (C11).
 */
export class Handover {
  /** The agent now ringing answered. */
  answered = false;
  private leg?: CallLeg;
  private consultBridge?: Bridge;
  private done = false;
  private first?: AgentMachine;

  constructor(
    private readonly call: ConnectedCall,
    readonly target: AgentMachine,
    readonly kind: "blind" | "consult",
  ) {}

  start(): void {
    const from = this.call.agent;
    if (this.kind === "blind") {
      this.call.holdCustomer(RINGBACK, "transferring");
      this.call.event("transfer", from?.loginId, this.target.loginId);
      this.first = from;
      this.call.releaseAgent();
    } else {
      this.call.holdCustomer(HOLD_MUSIC, "consulting");
      this.call.event("hold", from?.loginId, `consult:${this.target.loginId}`);
    }
    this.ring(this.target);
  }

  /** Consult: the consulted agent takes the customer; the first agent is freed. */
  complete(): void {
    if (this.done || !this.answered || !this.leg) return;
    this.consultBridge?.stop();
    this.consultBridge = undefined;
    this.call.event("transfer", this.call.agent?.loginId, this.target.loginId);
    this.call.releaseAgent();
    this.finish(this.target, this.leg);
  }

  /** Consult: hang up on the consulted agent; the first agent gets the customer back. */
  cancel(): void {
    if (this.done) return;
    this.leg?.hangup(this.answered ? "bye" : "cancel");
  }

  /** The call ended while the hand-over was under way. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.consultBridge?.stop();
    const leg = this.leg;
    if (!leg || leg.state === "ended") return;
    leg.hangup(this.answered ? "bye" : "cancel");
    const agent = this.ringing;
    if (agent) this.forgetConsulted(agent);
    if (agent?.state === "ringing") agent.withdrawn();
    else if (agent) agent.callEnded(0, "ready");
  }

  private ringing?: AgentMachine;

  private ring(agent: AgentMachine): void {
    const { telephony, calls } = this.call.d;
    // The target was checked ready; the first agent rung back may be in wrap-up or away.
    if (agent.state === "ready") agent.offer();
    else agent.reset("ringing", null);
    const ringTimeoutMs = this.call.p.settings().ringTimeoutSeconds * 1000;
    const leg = telephony.dialExtension(agent.extension, { callerId: this.call.p.customerNumber, ringTimeoutMs, codecOf: this.call.p.customer });
    this.leg = leg;
    this.ringing = agent;
    this.answered = false;
    calls.agentLeg(this.call.callId, leg, agent.loginId);
    this.call.d.log.info({ callId: this.call.callId, agent: agent.loginId, kind: this.kind }, "transfer: ringing an agent");
    leg.onAnswered.subscribe(() => this.answeredBy(agent, leg));
    leg.onEnded.subscribe((r) => {
      calls.legEnded(leg.id, r);
      if (leg === this.leg) this.legEnded(agent, r);
    });
  }

  private answeredBy(agent: AgentMachine, leg: CallLeg): void {
    if (this.done || leg !== this.leg) return;
    this.call.d.calls.legAnswered(leg.id);
    agent.connected();
    this.answered = true;
    if (this.kind === "blind") return this.finish(agent, leg);
    const first = this.call.agentLeg;
    if (first) this.consultBridge = this.call.d.telephony.bridge(first, leg);
    // The consulted agent's own console can end the consultation.
    this.consulted = { callId: this.call.callId, consultedBy: this.call.agent?.loginId, hangup: () => leg.hangup("bye") };
    this.call.d.registry.set(agent, this.consulted);
  }

  private consulted?: AgentCall;

  /** The consulted agent is no longer on a consultation of this call (it took the call over, or it ended). */
  private forgetConsulted(agent: AgentMachine): void {
    if (this.consulted) this.call.d.registry.clear(agent, this.consulted);
    this.consulted = undefined;
  }

  private finish(agent: AgentMachine, leg: CallLeg): void {
    this.forgetConsulted(agent);
    this.done = true;
    this.call.event("answer", agent.loginId, "transfer");
    this.call.d.log.info({ callId: this.call.callId, agent: agent.loginId }, "transfer: answered");
    this.call.takeOver(agent, leg);
  }

  private legEnded(agent: AgentMachine, r: EndReason): void {
    if (this.done) return;
    this.consultBridge?.stop();
    this.consultBridge = undefined;
    if (this.answered) {
      // The consulted agent hung up: back to the customer, the consulted agent free again.
      this.forgetConsulted(agent);
      this.done = true;
      agent.callEnded(0, "ready");
      return this.call.handoverEnded();
    }
    if (r.by === "local") agent.withdrawn();
    else agent.missed(r.cause === "timeout" || r.cause === "rejected" || r.cause === "busy" ? "no-answer" : "unreachable");
    this.call.event("no-answer", agent.loginId, r.cause);
    if (this.kind === "consult") {
      this.done = true;
      return this.call.handoverEnded();
    }
    const first = this.first;
    if (first && agent !== first && !first.busy && first.state !== "logged-out") return this.ring(first);
    this.done = true;
    this.call.giveUp();
  }
}
