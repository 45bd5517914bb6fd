import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { FakeTelephony } from "../../telephony/testing/fake-telephony.ts";
import { advance, flush } from "../test-clock.ts";
import { defaultFlow, flowSchema, type FlowInput } from "./flow-schema.ts";
import { runIvr, type IvrOutcome } from "./ivr-session.ts";
import { resolveMenu } from "./menu.ts";

const QUEUE = { serviceId: "s", queueId: "main", name: "Main", digit: "1", callback: true, agents: [] };

// 2026-03-04 (Wednesday) 10:00 in Seoul = 01:00 UTC.
const WED_10_SEOUL = Date.UTC(2026, 2, 4, 1, 0);

function start(flowInput: FlowInput | undefined, at = WED_10_SEOUL) {
  const clock = new FakeClock(at);
  const tel = new FakeTelephony(clock);
  const flow = flowInput ? flowSchema.parse(flowInput) : defaultFlow();
  let outcome: IvrOutcome | undefined;
  tel.onInboundCall.subscribe((leg) => {
    void runIvr({
      leg, clock, flow, menu: resolveMenu(flow, [QUEUE]), serviceId: "s", language: "ko", timeZone: "Asia/Seoul", log: silentLogger,
    }).then((o) => (outcome = o));
  });
  const leg = tel.call("01012345678", "1588");
  return { clock, leg, outcome: () => outcome };
}

const OFFICE = { mon: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }], wed: [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }] };

describe("ARS flow (C1–C4)", () => {
  it("C1: MUST answer, play the greeting, then the menu, and route key 1 to its queue", async () => {
    const { clock, leg, outcome } = start(undefined);
    await advance(clock, 2000);
    expect(leg.state).toBe("answered");
    expect(leg.playedIds.slice(0, 2)).toEqual(["greeting", "menu"]);
    leg.press("1");
    await flush();
    expect(outcome()).toEqual({ kind: "queue", queueId: "main", callback: true, key: "1" });
  });

  it("C4: MUST take a key pressed during the greeting as the menu choice (type-ahead)", async () => {
    const { clock, leg, outcome } = start(undefined);
    await advance(clock, 500);
    expect(leg.playedIds).toEqual(["greeting"]);
    leg.press("1");
    await advance(clock, 100);
    expect(outcome()).toEqual({ kind: "queue", queueId: "main", callback: true, key: "1" });
    expect(leg.playedIds).toEqual(["greeting"]); // the menu was not played to a caller who already chose
  });

  it("C2: MUST play the after-hours prompt and end the call outside business hours", async () => {
    const { clock, leg, outcome } = start({ hours: OFFICE }, Date.UTC(2026, 2, 4, 3, 30)); // 12:30 lunch
    await advance(clock, 5000);
    expect(leg.playedIds).toEqual(["greeting", "after-hours"]);
    expect(leg.state).toBe("ended");
    expect(outcome()).toEqual({ kind: "ended", result: "after-hours", hangupBy: "system" });
  });

  it("C2: MUST be open within any of a day's ranges, in the service's time zone", async () => {
    const { clock, leg } = start({ hours: OFFICE }, Date.UTC(2026, 2, 4, 4, 30)); // 13:30 Seoul
    await advance(clock, 2500);
    expect(leg.playedIds).toEqual(["greeting", "menu"]);
  });

  it("C3: MUST be closed on a yearly holiday", async () => {
    const { clock, leg, outcome } = start({ hours: OFFICE, holidays: [{ date: "2020-03-04", kind: "holiday", repeat: "yearly" }] });
    await advance(clock, 5000);
    expect(leg.playedIds).toEqual(["greeting", "after-hours"]);
    expect(outcome()?.kind).toBe("ended");
  });

  it("C4: MUST replay an information message on 1 and go back to the start on 2", async () => {
    const { clock, leg, outcome } = start({ hours: OFFICE, menu: [{ digit: "2", kind: "info", prompt: "custom:hours" }] });
    await advance(clock, 2500);
    leg.press("2");
    await advance(clock, 2000);
    expect(leg.playedIds.slice(-2)).toEqual(["custom:hours", "info-repeat"]);
    leg.press("1");
    await advance(clock, 2000);
    expect(leg.playedIds.slice(-2)).toEqual(["custom:hours", "info-repeat"]);
    leg.press("2");
    await flush();
    expect(leg.playedIds.at(-1)).toBe("menu");
    leg.press("1");
    await flush();
    expect(outcome()).toEqual({ kind: "queue", queueId: "main", callback: true, key: "1" });
  });

  it("C4: MUST re-prompt on invalid or no input, then say goodbye and end the call", async () => {
    const { clock, leg, outcome } = start(undefined);
    await advance(clock, 2500);
    leg.press("9");
    await advance(clock, 2000); // invalid-input prompt
    await advance(clock, 2000 + 5000); // menu again, no key within the timeout
    await advance(clock, 2000 + 2000 + 5000); // invalid, menu, timeout → third failure
    await advance(clock, 2000);
    expect(leg.playedIds).toEqual(["greeting", "menu", "invalid-input", "menu", "invalid-input", "menu", "goodbye"]);
    expect(leg.state).toBe("ended");
    expect(outcome()).toEqual({ kind: "ended", result: "failed", hangupBy: "system" });
  });

  it("C1: MUST report a caller who hangs up in the ARS", async () => {
    const { clock, leg, outcome } = start(undefined);
    await advance(clock, 1000);
    leg.remoteHangup();
    await flush();
    expect(outcome()).toEqual({ kind: "ended", result: "ivr", hangupBy: "caller" });
  });
});
