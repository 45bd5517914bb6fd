import { describe, expect, it } from "bun:test";
import { silentLogger } from "../../lib/index.ts";
import { ContactCenter } from "../contact-center.ts";
import { testCenter } from "../test-center.ts";
import { advance, flush } from "../test-clock.ts";

/** An answered call that leaves agent a1 in wrap-up; returns the centre's parts. */
async function inWrapUp(stateAfterCall: "ready" | "away" | "wrap-up") {
  const t = testCenter({ wrapUpSeconds: 30, stateAfterCall });
  t.cc.setState("demo", "a1", "ready");
  const caller = await t.queueCall();
  t.telephony.ringing("1001")!.remoteAnswer();
  await advance(t.clock, 10_000);
  caller.remoteHangup();
  await flush();
  expect(t.cc.agentState("demo", "a1").state).toBe("wrap-up");
  return t;
}

/** The appliance stops and starts again over the same database `ms` later. */
function restart(t: Awaited<ReturnType<typeof inWrapUp>>, ms: number): ContactCenter {
  t.cc.close();
  t.clock.advance(ms);
  const cc = new ContactCenter({ telephony: t.telephony, repos: t.repos, clock: t.clock, log: silentLogger });
  cc.recoverAfterCrash();
  return cc;
}

describe("an agent in wrap-up across a restart (A2, G9, issue 17)", () => {
  it("A2: MUST leave the wrap-up on time after a restart, keeping its deadline", async () => {
    const t = await inWrapUp("ready");
    const cc = restart(t, 12_000);
    expect(cc.agentState("demo", "a1").state).toBe("wrap-up");
    await advance(t.clock, 17_000);
    expect(cc.agentState("demo", "a1").state).toBe("wrap-up");
    await advance(t.clock, 1_500);
    expect(cc.agentState("demo", "a1").state).toBe("ready");
    cc.close();
  });

  it("A2: MUST leave at once when the wrap-up ended while the appliance was down, with the G9 state and reason", async () => {
    const t = await inWrapUp("away");
    const cc = restart(t, 60_000);
    expect(cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "after-call" });
    cc.close();
  });

  it("G9: MUST keep an agent in wrap-up across a restart when the service keeps agents there until they choose", async () => {
    const t = await inWrapUp("wrap-up");
    const cc = restart(t, 600_000);
    await advance(t.clock, 600_000);
    expect(cc.agentState("demo", "a1").state).toBe("wrap-up");
    cc.close();
  });
});

describe("an agent ringing across a restart (C5, issue 17)", () => {
  /** What a crash leaves: a1 stored as ringing since `rangMsAgo` (the process died mid-offer); then a start. */
  function ringingAtCrash(rangMsAgo: number) {
    const t = testCenter({ ringTimeoutSeconds: 20 });
    t.cc.close();
    t.repos.agentStatus.set({ serviceId: "demo", loginId: "a1", state: "ringing", reason: null, since: t.clock.now() - rangMsAgo, cause: "call: offered" });
    const cc = new ContactCenter({ telephony: t.telephony, repos: t.repos, clock: t.clock, log: silentLogger });
    cc.recoverAfterCrash();
    return cc;
  }

  it("C5: MUST apply the no-answer rule when the ring deadline passed while the appliance was down", () => {
    const cc = ringingAtCrash(60_000);
    expect(cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "no-answer", cause: "restart: rang past the ring timeout while stopped" });
    cc.close();
  });

  it("C5: MUST make the agent ready again when the restart ended the offer before its deadline", () => {
    const cc = ringingAtCrash(3_000);
    expect(cc.agentState("demo", "a1")).toMatchObject({ state: "ready", cause: "restart: the offer ended with the restart" });
    cc.close();
  });
});
