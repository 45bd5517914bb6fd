import { describe, expect, it } from "bun:test";
import type { FakeCallLeg } from "../../telephony/testing/fake-telephony.ts";
import { RuleError, type Actor } from "../admin/index.ts";
import { silentLogger } from "../../lib/index.ts";
import { testCenter } from "../test-center.ts";
import { WebhookDispatcher } from "../webhooks/index.ts";
import { advance } from "../test-clock.ts";
import { capsFor, reachedCap, talkMinutes, type CapReached } from "./outbound-caps.ts";

const admin: Actor = { kind: "member", id: "admin", ip: "192.0.2.9" };
const MIN = 60_000;

describe("outbound minute arithmetic (issue 16 point 6, T9)", () => {
  it("T9: MUST count each call's talk inside the window, a started minute as a whole one", () => {
    const now = 10 * 60 * MIN;
    const since = now - 60 * MIN;
    expect(talkMinutes([], since, now)).toBe(0);
    // 5 s → 1 minute; 60 s → 1; 61 s → 2.
    expect(talkMinutes([{ answeredAt: now - 10 * MIN, endedAt: now - 10 * MIN + 5000 }], since, now)).toBe(1);
    expect(talkMinutes([{ answeredAt: now - 10 * MIN, endedAt: now - 9 * MIN }], since, now)).toBe(1);
    expect(talkMinutes([{ answeredAt: now - 10 * MIN, endedAt: now - 9 * MIN + 1000 }], since, now)).toBe(2);
    // A call that began before the window counts only its minutes inside it; one wholly before counts none.
    expect(talkMinutes([{ answeredAt: since - 30 * MIN, endedAt: since + 90_000 }], since, now)).toBe(2);
    expect(talkMinutes([{ answeredAt: since - 30 * MIN, endedAt: since - MIN }], since, now)).toBe(0);
  });

  it("T9: MUST count a call in progress by its elapsed minutes, and at least one", () => {
    const now = 100 * MIN;
    const since = now - 60 * MIN;
    expect(talkMinutes([{ answeredAt: now, endedAt: null }], since, now)).toBe(1);
    expect(talkMinutes([{ answeredAt: now - 150_000, endedAt: null }], since, now)).toBe(3);
    expect(talkMinutes([{ answeredAt: now - 150_000, endedAt: null }, { answeredAt: now - 2 * MIN, endedAt: now - MIN }], since, now)).toBe(4);
  });

  it("T9: MUST treat 0 as no cap and find the first cap reached (used ≥ cap)", () => {
    const trunk = { trunkId: "t1", capHourMinutes: 2, capDayMinutes: 0 };
    const rules = { allowInternational: false, allowPremium: false, allowAfterHours: false, extensionHourMinutes: 0, extensionDayMinutes: 10 };
    const caps = capsFor(trunk, "a1", rules);
    expect(caps).toEqual([
      { scope: "trunk", id: "t1", window: "hour", minutes: 2 },
      { scope: "extension", id: "a1", window: "day", minutes: 10 },
    ]);
    expect(reachedCap(caps, () => 1)).toBeUndefined();
    expect(reachedCap(caps, (c) => (c.scope === "trunk" ? 2 : 0))).toMatchObject({ scope: "trunk", window: "hour", used: 2 });
    expect(reachedCap(caps, (c) => (c.scope === "trunk" ? 0 : 12))).toMatchObject({ scope: "extension", window: "day", used: 12 });
    expect(capsFor(undefined, undefined, rules)).toEqual([]);
  });
});

/** The demo service with one trunk capped at `hour` minutes per hour. */
function cappedCenter(hour: number) {
  const t = testCenter({ wrapUpSeconds: 0, stateAfterCall: "ready" });
  t.repos.trunks.create({
    mode: "peer", port: 5060, transport: "udp", username: "", password: "", trunkId: "main", name: "main", host: "192.0.2.1",
    numbers: [{ number: "15880000", serviceId: "demo" }], capHourMinutes: hour,
  });
  const reached: CapReached[] = [];
  t.cc.outboundCaps.onReached.subscribe((r) => reached.push(r));
  return { t, reached };
}

const refusal = (dial: () => unknown): Record<string, string> | undefined => {
  try {
    dial();
  } catch (e) {
    if (e instanceof RuleError) return e.fields;
    throw e;
  }
  return undefined;
};

describe("outbound minute caps in the center (issue 16 point 6, T9)", () => {
  it("T9: MUST stop a burst at the trunk's cap: calls placed count a minute each, the next is refused, told once, audited", async () => {
    const { t, reached } = cappedCenter(2);
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    t.telephony.call("1002", "0212345679", "1002");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls).toHaveLength(2);
    // Two placed, none answered yet: the cap of 2 minutes is spoken for. The console's dial is refused first
    // (inside the one door's rolled-back transaction: what it tells must stay), then the desk phone's.
    t.cc.setState("demo", "a3", "ready");
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a3", { number: "0212345671" }))).toEqual({ number: "trunkCapReached" });
    expect(t.telephony.ringing("1003")).toBeUndefined();
    const desk = t.telephony.call("1003", "0212345670", "1003");
    await advance(t.clock, 0);
    expect(desk.state).toBe("ended");
    expect(t.telephony.trunkCalls).toHaveLength(2);
    // Told once for the cap (alert, webhook, audit), though two calls were refused.
    expect(reached).toHaveLength(1);
    expect(reached[0]).toMatchObject({ serviceId: "demo", scope: "trunk", id: "main", window: "hour", minutes: 2, used: 2, agent: "a3" });
    const lines = t.repos.audit.list("demo").filter((e) => e.action === "outbound-cap-reached");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ target: "trunks/main", actorKind: "system" });
    // The dashboard's alert reads it back.
    expect(t.cc.outboundCaps.recent("demo")).toEqual([{ at: expect.any(Number), scope: "trunk", id: "main", window: "hour", minutes: 2, used: 2 }]);
  });

  it("T9: MUST queue an outbound.cap-reached webhook event for the hooks that ask for it", async () => {
    const { t } = cappedCenter(1);
    t.repos.webhooks.add({ id: "wh_cap", url: "http://127.0.0.1:9/cap", events: ["outbound.cap-reached"], serviceId: "demo", secret: "x", createdAt: 0 });
    t.repos.webhooks.add({ id: "wh_calls", url: "http://127.0.0.1:9/calls", events: ["call.ended"], secret: "x", createdAt: 0 });
    const hooks = new WebhookDispatcher({ repos: t.repos, clock: t.clock, log: silentLogger });
    const detach = hooks.attach(t.cc);
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    t.telephony.call("1002", "0212345679", "1002");
    await advance(t.clock, 0);
    const [d] = t.repos.webhooks.deliveries("wh_cap");
    expect(d).toBeDefined();
    expect(JSON.parse(d!.body)).toMatchObject({
      type: "outbound.cap-reached", serviceId: "demo",
      data: { scope: "trunk", trunkId: "main", window: "hour", capMinutes: 1, usedMinutes: 1, number: "0212345679", agent: "a2" },
    });
    expect(t.repos.webhooks.deliveries("wh_calls").filter((x) => x.event === "outbound.cap-reached")).toEqual([]);
    detach();
  });

  it("T9: MUST let a call in progress finish, count its minutes from the record, and free the cap once the hour has passed", async () => {
    const { t } = cappedCenter(2);
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    (t.telephony.dialled.at(-1) as FakeCallLeg).remoteAnswer();
    await advance(t.clock, 3 * MIN); // talks past the cap: never cut
    expect(t.cc.agentState("demo", "a1").state).toBe("on-call");
    expect(t.repos.calls.list("demo", 0, t.clock.now() + 1)[0]).toMatchObject({ direction: "outbound" });
    const desk = t.telephony.call("1002", "0212345679", "1002");
    await advance(t.clock, 0);
    expect(desk.state).toBe("ended");
    (t.telephony.dialled.at(-1) as FakeCallLeg).remoteHangup();
    await advance(t.clock, 1000);
    expect(t.cc.outboundCaps.used("demo", { scope: "trunk", id: "main", window: "hour" })).toBe(3);
    // An hour after it ended the minutes have left the window.
    await advance(t.clock, 61 * MIN);
    t.telephony.call("1002", "0212345679", "1002");
    await advance(t.clock, 0);
    expect(t.telephony.trunkCalls).toHaveLength(2);
  });

  it("T9: MUST refuse an extension at its own cap while other extensions still dial", async () => {
    const { t } = cappedCenter(0);
    t.admin.trunks.setRules(admin, "demo", { extensionHourMinutes: 1 });
    t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    (t.telephony.dialled.at(-1) as FakeCallLeg).remoteAnswer();
    await advance(t.clock, 5000);
    (t.telephony.dialled.at(-1) as FakeCallLeg).remoteHangup();
    await advance(t.clock, 1000);
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a1", { number: "0212345670" }))).toEqual({ number: "extensionCapReached" });
    t.cc.setState("demo", "a2", "ready");
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a2", { number: "0212345670" }))).toBeUndefined();
  });

  it("T9: MUST refuse international and 060 numbers unless the service allows them, and outbound calls after hours unless allowed", async () => {
    const { t } = cappedCenter(0);
    t.cc.setState("demo", "a1", "ready");
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a1", { number: "001441234567890" }))).toEqual({ number: "international" });
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a1", { number: "0607001234" }))).toEqual({ number: "premiumNumber" });
    t.admin.trunks.setRules(admin, "demo", { allowInternational: true, allowPremium: true });
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a1", { number: "001441234567890" }))).toBeUndefined();
    t.admin.calls.hangup(admin, "demo", "a1");
    await advance(t.clock, 1000);

    // Closed every day: refused after hours until the service allows it.
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    t.admin.flows.setHours(admin, "demo", closed);
    t.cc.setState("demo", "a2", "ready");
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a2", { number: "0212345670" }))).toEqual({ number: "afterHours" });
    const desk = t.telephony.call("1003", "0212345671", "1003");
    await advance(t.clock, 0);
    expect(desk.state).toBe("ended");
    t.admin.trunks.setRules(admin, "demo", { allowAfterHours: true });
    expect(refusal(() => t.admin.calls.dial(admin, "demo", "a2", { number: "0212345670" }))).toBeUndefined();
  });

  it("T9: MUST refuse negative or non-numeric caps with a field message and change nothing stored", () => {
    const { t } = cappedCenter(5);
    const before = t.repos.outboundCaps.rules("demo");
    expect(refusal(() => t.admin.trunks.setRules(admin, "demo", { extensionHourMinutes: -1 }))).toEqual({ extensionHourMinutes: "range" });
    expect(refusal(() => t.admin.trunks.setRules(admin, "demo", { extensionDayMinutes: "ten" as never }))).toEqual({ extensionDayMinutes: "number" });
    expect(t.repos.outboundCaps.rules("demo")).toEqual(before);
    expect(refusal(() => t.admin.trunks.update(admin, "main", { capHourMinutes: -3 }))).toEqual({ capHourMinutes: "range" });
    expect(refusal(() => t.admin.trunks.update(admin, "main", { capDayMinutes: 1.5 }))).toEqual({ capDayMinutes: "number" });
    expect(t.repos.trunks.get("main")).toMatchObject({ capHourMinutes: 5, capDayMinutes: 0 });
  });
});
