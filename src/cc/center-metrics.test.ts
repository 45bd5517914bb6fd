import { afterEach, describe, expect, it } from "bun:test";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { advance, flush } from "./test-clock.ts";
import { observedCenter } from "./test-observed-center.ts";

let current: ReturnType<typeof observedCenter> | undefined;
const center = () => (current = observedCenter());
afterEach(() => current?.cleanup());

describe("contact-center metrics (X6)", () => {
  it("X6: MUST count a finished call by service, direction and result in /metrics", async () => {
    const t = center();
    await t.answeredCall();
    const abandoned = await t.queueCall("01033334444");
    await advance(t.clock, 7000);
    abandoned.remoteHangup();
    await flush();
    t.cc.internalCalls.started({ callId: "sip-1", from: "1002", to: "1003", answeredAt: t.clock.now() });
    t.cc.internalCalls.ended({ callId: "sip-1", from: "1002", to: "1003", answeredAt: t.clock.now() }, t.clock.now() + 5000);
    const value = await t.scrape();
    const calls = (direction: string, result: string) => value("cc_calls_total", { service: "demo", direction, result });
    expect(calls("inbound", "answered")).toBe(1);
    expect(calls("inbound", "abandoned")).toBe(1);
    expect(calls("internal", "answered")).toBe(1);
  });

  it("X6: MUST count an outbound call once, however both legs end", async () => {
    const t = center();
    t.repos.trunks.create({ name: "carrier", mode: "peer", host: "192.0.2.1", port: 5060, transport: "udp", username: "", password: "", numbers: [] });
    const agentLeg = t.telephony.call("1001", "0212345678", "1001");
    await advance(t.clock, 0);
    t.telephony.dialled.at(-1)!.remoteAnswer();
    await advance(t.clock, 5000);
    agentLeg.remoteHangup();
    await flush();
    const value = await t.scrape();
    expect(value("cc_calls_total", { service: "demo", direction: "outbound", result: "answered" })).toBe(1);
  });

  it("X6: MUST observe the queue wait of answered and abandoned calls per service and queue", async () => {
    const t = center();
    await t.answeredCall("01011112222", 3000);
    const abandoned = await t.queueCall("01033334444");
    await advance(t.clock, 8000);
    abandoned.remoteHangup();
    await flush();
    const value = await t.scrape();
    const of = (result: string, name = "cc_queue_wait_seconds_count") => value(name, { service: "demo", queue: "main", result });
    expect(of("answered")).toBe(1);
    expect(of("answered", "cc_queue_wait_seconds_sum")).toBe(3);
    expect(of("abandoned")).toBe(1);
    expect(of("abandoned", "cc_queue_wait_seconds_sum")).toBe(8);
    expect(value("cc_queue_wait_seconds_bucket", { service: "demo", queue: "main", result: "answered", le: "5" })).toBe(1);
  });

  it("X6: MUST show the callers waiting and the longest wait per queue now", async () => {
    const t = center();
    expect((await t.scrape())("cc_queue_waiting", { service: "demo", queue: "main" })).toBe(0);
    const first = await t.queueCall("01011112222");
    await advance(t.clock, 10_000);
    const second = await t.queueCall("01033334444");
    let value = await t.scrape();
    expect(value("cc_queue_waiting", { service: "demo", queue: "main" })).toBe(2);
    expect(value("cc_queue_longest_wait_seconds", { service: "demo", queue: "main" })).toBe(12);
    first.remoteHangup();
    second.remoteHangup();
    await flush();
    value = await t.scrape();
    expect(value("cc_queue_waiting", { service: "demo", queue: "main" })).toBe(0);
    expect(value("cc_queue_longest_wait_seconds", { service: "demo", queue: "main" })).toBe(0);
  });

  it("X6: MUST show the agents per state per service, zeros included", async () => {
    const t = center();
    t.cc.setState("demo", "a1", "ready");
    t.cc.setState("demo", "a2", "away", "break");
    const value = await t.scrape();
    const agents = (state: string) => value("cc_agents", { service: "demo", state });
    expect([agents("ready"), agents("away"), agents("logged-out"), agents("on-call")]).toEqual([1, 1, 1, 0]);
  });

  it("X6: MUST show the callback requests per state per service", async () => {
    const t = center();
    const caller = await t.queueCall("01055556666");
    caller.press("*");
    await advance(t.clock, 3000);
    const value = await t.scrape();
    expect(value("cc_callbacks", { service: "demo", state: "requested" })).toBe(1);
    expect(value("cc_callbacks", { service: "demo", state: "completed" })).toBe(0);
    expect(value("cc_calls_total", { service: "demo", direction: "inbound", result: "callback" })).toBe(1);
  });

  it("X6: MUST show each registration trunk's state, 1 when registered", async () => {
    const t = center();
    t.trunks.push({ trunkId: "kt", state: "registered" }, { trunkId: "lg", state: "failed" });
    let value = await t.scrape();
    expect(value("cc_trunk_registered", { trunk: "kt", state: "registered" })).toBe(1);
    expect(value("cc_trunk_registered", { trunk: "lg", state: "failed" })).toBe(0);
    t.trunks.splice(0, 2, { trunkId: "kt", state: "registering" });
    value = await t.scrape();
    expect(value("cc_trunk_registered", { trunk: "kt", state: "registering" })).toBe(0);
    expect(value("cc_trunk_registered", { trunk: "kt", state: "registered" })).toBeNull();
    expect(value("cc_trunk_registered", { trunk: "lg" })).toBeNull();
  });

  it("X6: MUST add a finished call's recording to the recordings' disk use", async () => {
    const t = center();
    await t.recordings.rescan();
    expect((await t.scrape())("cc_recordings_bytes")).toBe(0);
    const call = await t.answeredCall("01011112222", 1000, 5000, () => {
      const path = t.telephony.bridges.at(-1)!.recordingPath!;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, new Uint8Array(4044));
    });
    expect(call.recordingPath).toStartWith(t.recordingsDir);
    for (let i = 0; i < 50 && t.recordings.bytes === 0; i++) await Bun.sleep(10);
    expect((await t.scrape())("cc_recordings_bytes")).toBe(4044);
  });
});
