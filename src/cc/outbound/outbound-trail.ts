import type { Clock } from "../../lib/index.ts";
import type { OutboundRules, Trunk } from "../../store/index.ts";
import type { CallLeg, EndReason, TrunkTarget } from "../../telephony/index.ts";
import { openState, type Flow } from "../ivr/index.ts";
import { cleanDialString, isInternational, type TrunkLoad } from "../routing/index.ts";
import type { CapFigure, DialHow, TrailRecorder, TrailStep, TrailSteps } from "../trail/index.ts";
import { dialRefusal } from "./dial-rules.ts";
import type { Cap, OutboundCaps } from "./outbound-caps.ts";


/** What the domain knew when it let an outbound call out (issue 17 point 3): the door, the rule, the caps. */
export interface DialFacts extends DialHow {
  rule: TrailSteps["rule"];
  caps: TrailSteps["caps"];
}

/** Which outbound rule a number falls under and whether the service's rules let it out now (issue 16 point 6). */
export function ruleFact(number: string, rules: OutboundRules, flow: Pick<Flow, "hours" | "holidays">, now: number, timeZone: string): TrailSteps["rule"] {
  const refusal = dialRefusal(number, rules, flow, now, timeZone);
  const kind = isInternational(number) ? "international" : cleanDialString(number).replace(/^\+82/, "0").startsWith("060") ? "premium" : "domestic";
  const closed = openState(flow, now, timeZone) !== "open";
  return { verdict: refusal ? "refused" : "allowed", kind, closed, ...(refusal ? { refusal } : {}) };
}

/**
 * The minute caps checked for a call (admit's own counts, collected) and each trunk's calls at once: returns the
 * trunks the call may use and the facts; throws as `admit` does when a cap refuses the call.
 */
export function admitWithFacts(
  caps: OutboundCaps | undefined, load: TrunkLoad, serviceId: string, agent: string, number: string, all: Trunk[],
): { trunks: Trunk[]; facts: TrailSteps["caps"] } {
  const figures: CapFigure[] = [];
  const seen = (c: Cap & { used: number }) => figures.push({ scope: c.scope, id: c.id, window: c.window, used: c.used, minutes: c.minutes });
  const trunks = caps ? caps.admit(serviceId, agent, number, all, seen) : all;
  const rooms = all.map((t) => ({ trunkId: t.trunkId, name: t.name, calls: load.count(t.trunkId), maxCalls: t.maxCalls, capped: !trunks.includes(t) }));
  return { trunks, facts: { figures, trunks: rooms } };
}

/** One attempt through a trunk: its facts gather as they happen and are written once, when it settles. */
export interface TrunkAttempt {
  earlyMedia(): void;
  /** Write the attempt (once): answered, moving on to the next trunk, or failed. */
  settle(outcome: TrailSteps["trunk"]["outcome"], reason?: EndReason): void;
}

/**
 * The trail of one outbound call (issue 17 point 3): a few steps per call through the batched recorder —
 * the attempts are written when they settle, never per message.
 */
export class OutboundTrail {
  private n = 0;

  constructor(
    private readonly trail: TrailRecorder | undefined,
    private readonly callId: string,
    private readonly serviceId: string,
    private readonly clock: Clock,
  ) {}

  step<S extends TrailStep>(step: S, detail: TrailSteps[S]): void {
    this.trail?.step(this.callId, this.serviceId, step, detail);
  }

  /** An attempt through `trunk` began on `leg`; `skipped`: trunks before it left at their cap of calls at once. */
  attempt(trunk: Trunk, skipped: readonly Trunk[], target: TrunkTarget, leg: CallLeg): TrunkAttempt {
    const n = ++this.n;
    const at = this.clock.now();
    let auth: { status: number; account: string } | undefined;
    let early = false;
    let settled = false;
    leg.onChallengeAnswered?.subscribe((status) => {
      auth = { status, account: target.username ?? "" };
    });
    const presentation = {
      from: target.withhold ? "anonymous" as const : target.fromAccount ? "account" as const : "number" as const,
      ...(target.fromAccount ? { account: target.fromAccount } : {}),
      pai: Boolean(target.withhold || target.assertIdentity),
    };
    return {
      earlyMedia: () => {
        early = true;
      },
      settle: (outcome, reason) => {
        if (settled) return;
        settled = true;
        const seconds = Math.round((this.clock.now() - at) / 100) / 10;
        const status = outcome === "answered" ? 200 : reason?.status;
        this.step("trunk", {
          n, trunkId: trunk.trunkId, name: trunk.name, presentation, ...(skipped.length ? { skipped: skipped.map((t) => t.name) } : {}),
          ...(auth ? { auth } : {}), ...(early ? { earlyMedia: true } : {}), ...(status !== undefined ? { status } : {}),
          cause: outcome === "answered" ? "answered" : reason?.cause ?? "failed", outcome, seconds,
        });
      },
    };
  }
}
