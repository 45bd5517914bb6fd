import type { Clock, Logger } from "../../lib/index.ts";
import type { CallLeg, PromptId, PromptRef } from "../../telephony/index.ts";
import { openState } from "./business-hours.ts";
import { CallerGone, DigitCollector } from "./digit-collector.ts";
import type { Flow } from "./flow-schema.ts";
import type { ResolvedEntry } from "./menu.ts";

/** Where the ARS left the caller. */
export type IvrOutcome =
  | { kind: "queue"; queueId: string; callback: boolean; key: string }
  | { kind: "ended"; result: "after-hours" | "failed" | "ivr"; hangupBy: "caller" | "system" };

/** Where a collected key led, as the routing explainer writes it (issue 17 point 3). */
export type IvrKeyTarget =
  | { kind: "queue"; queueId: string }
  | { kind: "info"; prompt: string }
  | { kind: "repeat" }
  | { kind: "start" }
  | { kind: "invalid" }
  | { kind: "timeout" };

/** Hooks the routing explainer listens on (issue 17 point 3); optional. */
export interface IvrTrail {
  /** The hours were checked at this instant (the explainer writes the verdict and its rule). */
  hours(at: number): void;
  /** A key was collected (null: none before the timeout) and where it led. */
  key(key: string | null, to: IvrKeyTarget): void;
}

/** What the ARS of one call needs. */
export interface IvrContext {
  leg: CallLeg;
  clock: Clock;
  flow: Flow;
  menu: ReadonlyMap<string, ResolvedEntry>;
  serviceId: string;
  language: "ko" | "en";
  timeZone: string;
  log: Logger;
  trail?: IvrTrail;
}

/** A PromptRef for a flow prompt id of a service. */
export function promptRef(id: string, language: "ko" | "en", serviceId: string): PromptRef {
  return { kind: "prompt", id: id as PromptId, language, serviceId };
}

/**
 * Run the ARS of an inbound call (C1–C4): answer → greeting → business hours and holidays →
 * menu by one DTMF key (re-prompted `menuTries` times, then goodbye) → a queue, or an information
 * message followed by "1 to hear again, 2 for the start".
 */
export async function runIvr(ctx: IvrContext): Promise<IvrOutcome> {
  const keys = new DigitCollector(ctx.leg, ctx.clock);
  const say = (id: string) => promptRef(id, ctx.language, ctx.serviceId);
  const { prompts } = ctx.flow;
  try {
    await ctx.leg.answer();
    if (ctx.leg.state === "ended") throw new CallerGone();
    await keys.playInterruptible(say(prompts.greeting));
    const at = ctx.clock.now();
    ctx.trail?.hours(at);
    if (openState(ctx.flow, at, ctx.timeZone) !== "open") {
      await keys.play(say(prompts.afterHours));
      ctx.leg.hangup("bye");
      return { kind: "ended", result: "after-hours", hangupBy: "system" };
    }
    const timeoutMs = ctx.flow.menuTimeoutSeconds * 1000;
    let failures = 0;
    let prompt = prompts.menu;
    let info: string | undefined;
    while (failures < ctx.flow.menuTries) {
      const key = await keys.playAndCollect(say(info ? prompts.infoRepeat : prompt), timeoutMs);
      if (info) {
        if (key === "1") {
          ctx.trail?.key(key, { kind: "repeat" });
          await keys.play(say(info));
          continue;
        }
        if (key === "2") {
          ctx.trail?.key(key, { kind: "start" });
          info = undefined;
          failures = 0;
          continue;
        }
      } else {
        const entry = key === null ? undefined : ctx.menu.get(key);
        if (entry?.kind === "queue") {
          ctx.trail?.key(key, { kind: "queue", queueId: entry.queueId });
          return { kind: "queue", queueId: entry.queueId, callback: entry.callback, key: key! };
        }
        if (entry?.kind === "info") {
          ctx.trail?.key(key, { kind: "info", prompt: entry.prompt });
          info = entry.prompt;
          failures = 0;
          await keys.play(say(info));
          continue;
        }
      }
      ctx.trail?.key(key, key === null ? { kind: "timeout" } : { kind: "invalid" });
      failures++;
      ctx.log.debug({ key, failures }, "ivr: invalid or no input");
      if (failures < ctx.flow.menuTries) await keys.play(say(prompts.invalidInput));
    }
    await keys.play(say(prompts.goodbye));
    ctx.leg.hangup("bye");
    return { kind: "ended", result: "failed", hangupBy: "system" };
  } catch (e) {
    if (e instanceof CallerGone) return { kind: "ended", result: "ivr", hangupBy: keys.endedBy === "local" || keys.endedBy === "system" ? "system" : "caller" };
    throw e;
  } finally {
    keys.dispose();
  }
}
