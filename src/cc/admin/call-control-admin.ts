import { z } from "zod";
import type { Agent } from "../../store/index.ts";
import { closedNow } from "../callback/index.ts";
import { dialRefusal, trunkFor } from "../outbound/dial-rules.ts";
import { CapReachedError } from "../outbound/outbound-caps.ts";
import { cleanDialString, TrunksBusyError } from "../routing/index.ts";
import type { DialOrigin } from "../trail/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { storedFlow } from "./flow-admin.ts";
import type { AgentCallView, LiveCalls } from "./live-calls.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";

/** Transfer to another agent of the service (C10): blind by default, or a consultation first. */
export const transferSchema = z.object({
  loginId: z.string().trim().min(1, "required").max(64, "tooLong"),
  mode: z.enum(["blind", "consult"], "format").default("blind"),
});
export type TransferInput = z.input<typeof transferSchema>;

/** A number to dial (C9, A4): typed, redialled from history, or a callback request's (its id links the call). */
export const dialSchema = z.object({
  number: z
    .string()
    .trim()
    .max(40, "tooLong")
    .transform(cleanDialString)
    .pipe(z.string().regex(/^(\+?\d{3,20})?$/, "format"))
    .optional(),
  callbackId: z.coerce.number().int("format").positive("format").optional(),
});
export type DialInput = z.input<typeof dialSchema>;

/** The door an outbound call was asked through, by the actor's kind. */
const ORIGIN: Record<Actor["kind"], DialOrigin> = { agent: "console", "api-key": "api", member: "member", cli: "cli", system: "system" };

const TALKING = new Set<AgentCallView["state"]>(["talking", "held"]);

/**
 * The agent's in-call controls through the one door (A4, A5, C9, C10): hold, resume, transfer
 * (blind or consultative), hang up and dial. Each is checked against the rules, audited with its
 * actor (the agent in the console, an API key) and then done on the live call.
 */
export class CallControlAdmin {
  constructor(private readonly ctx: AdminContext) {}

  /** The agent's call now, if any. */
  current(serviceId: string, loginId: string): AgentCallView | undefined {
    return this.ctx.live?.inCall?.current(serviceId, loginId);
  }

  hold(actor: Actor, serviceId: string, loginId: string): AgentCallView {
    return this.onCall(actor, serviceId, loginId, "hold", (live) => live.hold(serviceId, loginId));
  }

  resume(actor: Actor, serviceId: string, loginId: string): AgentCallView {
    return this.onCall(actor, serviceId, loginId, "resume", (live) => live.resume(serviceId, loginId));
  }

  /** Blind transfer or consultation to a ready agent; refused when the target is not ready. */
  transfer(actor: Actor, serviceId: string, loginId: string, input: TransferInput): AgentCallView {
    const v = parseInput(transferSchema, input);
    return this.onCall(actor, serviceId, loginId, v.mode === "consult" ? "consult" : "transfer", (live) => {
      if (v.loginId === loginId) throw refuse("loginId", "transferSelf");
      if (!this.ctx.repos.agents.get(serviceId, v.loginId)) throw refuse("loginId", "unknown");
      if (this.ctx.live!.agentState(serviceId, v.loginId).state !== "ready") throw refuse("loginId", "agentNotReady", 409);
      if (v.mode === "consult") live.consult(serviceId, loginId, v.loginId);
      else live.transfer(serviceId, loginId, v.loginId);
    }, v.loginId);
  }

  /** The consulted agent takes the customer. */
  completeConsult(actor: Actor, serviceId: string, loginId: string): AgentCallView {
    return this.onCall(actor, serviceId, loginId, "transfer", (live, call) => {
      if (call.state !== "consulting" || !call.consultAnswered) throw refuse("_form", "notConsulting", 409);
      live.completeConsult(serviceId, loginId);
    }, undefined, true);
  }

  /** Back to the customer from a consultation. */
  cancelConsult(actor: Actor, serviceId: string, loginId: string): AgentCallView {
    return this.onCall(actor, serviceId, loginId, "consult-cancel", (live, call) => {
      if (call.state !== "consulting") throw refuse("_form", "notConsulting", 409);
      live.cancelConsult(serviceId, loginId);
    }, undefined, true);
  }

  /** End the agent's call (or the dial still ringing). */
  hangup(actor: Actor, serviceId: string, loginId: string): { callId: string } {
    return this.ctx.changes.commit(actor, () => {
      const { live, call } = this.callOf(serviceId, loginId);
      live.hangup(serviceId, loginId);
      return { serviceId, action: "hangup", target: `calls/${call.callId}`, before: call, result: { callId: call.callId } };
    });
  }

  /**
   * Ring the agent's phone, then the number through the service's trunk with its caller ID (C9):
   * international and premium-rate numbers are refused; a callback request's id links the call.
   */
  dial(actor: Actor, serviceId: string, loginId: string, input: DialInput): { callId: string; number: string } {
    const v = parseInput(dialSchema, input);
    return this.ctx.changes.commit(actor, () => {
      const service = serviceOf(this.ctx, serviceId);
      const agent = this.agent(serviceId, loginId);
      const live = this.ctx.live?.inCall;
      if (!live) throw refuse("_form", "noCalls", 409);
      const callback = v.callbackId === undefined ? undefined : this.ctx.repos.callbacks.get(v.callbackId);
      if (v.callbackId !== undefined && (!callback || callback.serviceId !== serviceId)) throw refuse("callbackId", "notFound", 404);
      if (callback && callback.state !== "requested") throw refuse("callbackId", "callbackClosed", 409);
      // C7: a callback is never dialled while the service is closed (hours or holiday); it waits for the opening.
      if (callback && closedNow(storedFlow(this.ctx.repos, serviceId, this.ctx.log), this.ctx.clock.now(), service.timezone)) {
        throw refuse("callbackId", "callbackWhileClosed", 409);
      }
      const number = v.number || (callback ? cleanDialString(callback.number) : "");
      if (!number) throw refuse("number", "required");
      const flow = storedFlow(this.ctx.repos, serviceId, this.ctx.log);
      const refusal = dialRefusal(number, this.ctx.repos.outboundCaps.rules(serviceId), flow, this.ctx.clock.now(), service.timezone);
      if (refusal) throw refuse("number", refusal, refusal === "afterHours" ? 409 : 422);
      if (agent.blocked) throw refuse("_form", "blocked", 409);
      const state = this.ctx.live!.agentState(serviceId, loginId).state;
      if (state === "logged-out") throw refuse("_form", "signedOut", 409);
      if (live.current(serviceId, loginId) || state === "ringing" || state === "on-call" || state === "dialing") throw refuse("_form", "agentBusy", 409);
      if (!trunkFor(this.ctx.repos.trunks.list(), service)) throw refuse("number", "noTrunk", 409);
      // The trail says who asked from where, and the number as typed (issue 17 point 3).
      const typed = String(input.number ?? "").trim() || callback?.number || number;
      const callId = dialOrRefuse(() => live.dial(serviceId, loginId, number, v.callbackId, { origin: ORIGIN[actor.kind], dialled: typed }));
      const after = { callId, number, ...(v.callbackId !== undefined ? { callbackId: v.callbackId } : {}) };
      return { serviceId, action: "dial", target: `calls/${callId} (${number})`, after, result: { callId, number } };
    });
  }

  /** An operation on the agent's connected call, audited; answers the call's state afterwards. */
  private onCall(
    actor: Actor,
    serviceId: string,
    loginId: string,
    action: string,
    act: (live: LiveCalls, call: AgentCallView) => void,
    target?: string,
    handoverOk = false,
  ): AgentCallView {
    return this.ctx.changes.commit(actor, () => {
      const { live, call } = this.callOf(serviceId, loginId);
      if (call.state === "dialing") throw refuse("_form", "notConnected", 409);
      if (!handoverOk && !TALKING.has(call.state)) throw refuse("_form", "handoverUnderWay", 409);
      act(live, call);
      const after = live.current(serviceId, loginId) ?? { ...call, state: "transferring" as const };
      const to = target ? ` → ${target}` : "";
      return { serviceId, action, target: `calls/${call.callId}${to}`, before: call, after, result: after };
    });
  }

  private callOf(serviceId: string, loginId: string): { live: LiveCalls; call: AgentCallView } {
    serviceOf(this.ctx, serviceId);
    this.agent(serviceId, loginId);
    const live = this.ctx.live?.inCall;
    const call = live?.current(serviceId, loginId);
    if (!live || !call) throw refuse("_form", "noCall", 409);
    return { live, call };
  }

  private agent(serviceId: string, loginId: string): Agent {
    return this.ctx.repos.agents.get(serviceId, loginId) ?? (() => { throw missing("agent"); })();
  }
}

/** Every trunk at its cap of concurrent calls: refused with its message, nothing rang (T7). */
function dialOrRefuse(dial: () => string): string {
  try {
    return dial();
  } catch (e) {
    if (e instanceof TrunksBusyError) throw refuse("number", "trunksBusy", 409);
    // Issue 16 point 6: a minute cap of the extension or of every trunk is reached.
    if (e instanceof CapReachedError) throw refuse("number", e.reached.scope === "trunk" ? "trunkCapReached" : "extensionCapReached", 409);
    throw e;
  }
}
