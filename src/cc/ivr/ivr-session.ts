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
    if (openState(ctx.flow, ctx.clock.now(), ctx.timeZone) !== "open") {
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
          await keys.play(say(info));
          continue;
        }
        if (key === "2") {
          info = undefined;
          failures = 0;
          continue;
        }
      } else {
        const entry = key === null ? undefined : ctx.menu.get(key);
        if (entry?.kind === "queue") return { kind: "queue", queueId: entry.queueId, callback: entry.callback, key: key! };
        if (entry?.kind === "info") {
          info = entry.prompt;
          failures = 0;
          await keys.play(say(info));
          continue;
        }
      }
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
