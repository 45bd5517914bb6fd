import { describe, expect, it } from "bun:test";
import { codeTime, FakeClock, silentLogger } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import { MemoryLocationStore } from "../testing/memory-stores.ts";
import { makeRequest } from "../testing/test-ua.ts";
import type { Endpoint } from "../transport/index.ts";
import { DevicePresence, type QualifyHost } from "./device-presence.ts";
import { Registrar } from "./registrar.ts";

type Handlers = Parameters<QualifyHost["request"]>[2];

/** A registrar, a fake SIP host that records the OPTIONS sent, and the presence tracker over them. */
function setup(o: { intervalMs?: number; maxInFlight?: number } = {}) {
  const clock = new FakeClock(Date.UTC(2026, 11, 5, 9, 0, 0));
  const registrar = new Registrar({ store: new MemoryLocationStore(), clock, log: silentLogger, minExpires: 60, maxExpires: 3600, defaultExpires: 600 });
  const sent: Array<{ request: SipRequest; to: Endpoint; handlers: Handlers }> = [];
  const host: QualifyHost = {
    clock, log: silentLogger,
    request: (request, to, handlers) => void sent.push({ request, to, handlers }),
    localHostPort: () => ({ host: "127.0.0.1", port: 5060 }),
  };
  const presence = new DevicePresence(registrar, host, { intervalMs: o.intervalMs ?? 30_000, maxInFlight: o.maxInFlight });
  const changes: Array<[string, boolean, string]> = [];
  presence.onChange.subscribe((...c) => void changes.push(c));
  presence.start();
  const register = (ext: string, source: Endpoint, expires = "120", contact = `<sip:${ext}@${source.address}:${source.port}>`) =>
    registrar.register(
      makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: `<sip:${ext}@cc.test>;tag=a`, to: `<sip:${ext}@cc.test>`, callId: `reg-${ext}-${source.port}`, cseq: Number(clock.now() % 1e6), headers: [["Contact", contact], ["Expires", expires]] }),
      ext, source,
    );
  const answer = (i: number, status = 200) => sent[i]!.handlers.onResponse({ status, reason: "OK" } as SipResponse);
  return { clock, registrar, presence, sent, changes, register, answer };
}

const UDP = (port: number): Endpoint => ({ transport: "udp", address: "127.0.0.1", port });

describe("qualify and device presence (issue 17 point 1, C5)", () => {
  it("C5: MUST probe each registered phone with OPTIONS once per interval and keep it reachable while it answers (any final answer)", () => {
    const t = setup({ intervalMs: 30_000 });
    t.register("1001", UDP(40001));
    t.clock.advance(29_000);
    expect(t.sent).toHaveLength(0);
    t.clock.advance(2_000);
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.request.method).toBe("OPTIONS");
    expect(t.sent[0]!.request.uri).toBe("sip:1001@127.0.0.1:40001");
    expect(t.sent[0]!.to).toEqual(UDP(40001));
    t.answer(0, 405);
    t.clock.advance(31_000);
    expect(t.sent).toHaveLength(2);
    t.answer(1);
    expect(t.changes).toEqual([]);
    expect(t.presence.isReachable("1001")).toBe(true);
  });

  it("C5: MUST report a phone that stops answering OPTIONS as gone after two misses, and back when it answers", () => {
    const t = setup({ intervalMs: 10_000 });
    t.register("1001", UDP(40001));
    t.clock.advance(11_000); // first probe at 10 s, unanswered
    t.clock.advance(5_000); // miss 1 at 15 s; asked again 5 s later
    expect(t.changes).toEqual([]);
    t.clock.advance(10_000); // miss 2 at 25 s
    expect(t.changes).toEqual([["1001", false, "sip: no answer to OPTIONS (2 probes)"]]);
    expect(t.presence.isReachable("1001")).toBe(false);
    t.clock.advance(10_000);
    const last = t.sent.length - 1;
    t.answer(last);
    expect(t.changes[1]).toEqual(["1001", true, "sip: OPTIONS answered"]);
  });

  it("C5: MUST bring a failed phone back when it registers again", () => {
    const t = setup({ intervalMs: 10_000 });
    t.register("1001", UDP(40001));
    t.clock.advance(30_000);
    expect(t.changes.at(-1)?.[1]).toBe(false);
    t.register("1001", UDP(40001));
    expect(t.changes.at(-1)).toEqual(["1001", true, "sip: registered"]);
  });

  it("C5: MUST report an expired registration with its time, and an unregistered phone", () => {
    const t = setup({ intervalMs: 0 });
    t.register("1001", UDP(40001), "60");
    t.register("1002", UDP(40002), "120");
    t.clock.advance(61_000);
    expect(t.changes).toEqual([["1001", false, "sip: registration expired 2026-12-05T09:01:00Z"]]);
    t.register("1002", UDP(40002), "0");
    expect(t.changes.at(-1)).toEqual(["1002", false, "sip: unregistered"]);
    expect(t.sent).toHaveLength(0); // interval 0: no probes
  });

  it("C5: MUST report a softphone whose WebSocket closed, never probing it", () => {
    const t = setup({ intervalMs: 1_000 });
    t.register("1003", { transport: "wss", address: "127.0.0.1", port: 50000, connectionId: "ws-1" }, "600", "<sip:abc@df7jal23ls0d.invalid;transport=ws>");
    t.clock.advance(10_000);
    expect(t.sent).toHaveLength(0);
    t.registrar.removeFlow("ws-1");
    expect(t.changes).toEqual([["1003", false, "sip: WebSocket closed"]]);
  });

  it("C5: MUST keep an extension reachable while another of its bindings answers", () => {
    const t = setup({ intervalMs: 0 });
    t.register("1001", UDP(40001), "60");
    t.register("1001", UDP(40009), "600");
    t.clock.advance(61_000);
    expect(t.changes).toEqual([]);
  });

  it("C5: MUST keep at most maxInFlight probes out at once (bounded at 500 phones)", () => {
    const t = setup({ intervalMs: 30_000, maxInFlight: 50 });
    for (let i = 0; i < 500; i++) t.register(String(2000 + i), UDP(41000 + i), "3600");
    let answered = 0;
    let most = 0;
    for (let s = 0; s < 70; s++) {
      t.clock.advance(1_000);
      most = Math.max(most, t.presence.stats.inFlight);
      for (; answered < t.sent.length; answered++) t.answer(answered);
    }
    expect(most).toBeLessThanOrEqual(50);
    expect(t.presence.stats.sent).toBeGreaterThanOrEqual(1000); // every phone asked twice in 70 s
    expect(t.changes).toEqual([]);
  });
});

describe("after a restart (issue 17 point 1)", () => {
  it("A2: MUST keep a suspected extension gone until its phone answers a probe", () => {
    const t = setup({ intervalMs: 10_000 });
    t.register("1001", UDP(40001), "3600");
    expect(t.presence.suspect("1001")).toBe(false);
    expect(t.presence.isReachable("1001")).toBe(false);
    t.clock.advance(1_000);
    expect(t.sent).toHaveLength(1);
    t.answer(0);
    expect(t.changes).toEqual([["1001", true, "sip: OPTIONS answered"]]);
  });

  it("A2: without probes, a suspected extension with a live binding counts as there", () => {
    const t = setup({ intervalMs: 0 });
    t.register("1001", UDP(40001), "3600");
    expect(t.presence.suspect("1001")).toBe(true);
    expect(t.presence.suspect("1009")).toBe(false);
  });
});

describe("qualify throughput (issue 17 bench)", () => {
  it("C5: MUST keep up with 500 phones every 5 s (100 probes/s) with at most 64 in flight, answers freeing the slots", async () => {
    const t = setup({ intervalMs: 5_000 });
    for (let i = 0; i < 500; i++) t.register(String(2000 + i), UDP(41000 + i), "3600");
    let answered = 0;
    for (let step = 0; step < 400; step++) {
      t.clock.advance(50);
      for (; answered < t.sent.length; answered++) t.answer(answered);
      await Promise.resolve(); // the answers' pump runs in a microtask
      for (; answered < t.sent.length; answered++) t.answer(answered);
    }
    expect(t.presence.stats.inFlight).toBeLessThanOrEqual(64);
    // 20 s: each of 500 phones asked about 4 times (the first round spread over 5 s)
    expect(t.presence.stats.sent).toBeGreaterThanOrEqual(1500);
    expect(t.changes).toEqual([]);
  });
});

describe("registrations that ran out while the appliance was stopped (issue 17 point 1)", () => {
  it("A2: MUST report the extension gone at start, with the expiry time", () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 5, 9, 0, 0));
    const store = new MemoryLocationStore();
    const opts = { store, clock, log: silentLogger, minExpires: 60, maxExpires: 3600, defaultExpires: 600 };
    const before = new Registrar(opts);
    const reg = (ext: string, expires: string) =>
      before.register(makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: `<sip:${ext}@cc.test>;tag=a`, to: `<sip:${ext}@cc.test>`, callId: `r-${ext}`, cseq: 1, headers: [["Contact", `<sip:${ext}@127.0.0.1:4000${ext.at(-1)}>`], ["Expires", expires]] }), ext, UDP(40000));
    reg("1001", "60");
    reg("1002", "600");
    clock.advance(120_000); // stopped for two minutes
    const registrar = new Registrar(opts);
    const presence = new DevicePresence(registrar, { clock, log: silentLogger, request: () => undefined, localHostPort: () => ({ host: "127.0.0.1", port: 5060 }) }, { intervalMs: 0 });
    const changes: Array<[string, boolean, string]> = [];
    presence.onChange.subscribe((...c) => void changes.push(c));
    presence.start();
    expect(changes).toEqual([["1001", false, "sip: registration expired 2026-12-05T09:01:00Z"]]);
    expect(registrar.lookup("1001")).toHaveLength(0);
    expect(store.all()).toHaveLength(1);
    presence.stop();
  });
});

describe("qualify's cost counter (issue 17, cc_qualify_seconds_total)", () => {
  it("MUST count the time of sending probes and handling their answers", () => {
    const t = setup({ intervalMs: 10_000 });
    t.register("1001", UDP(40001));
    const [s0, n0] = [codeTime.qualify.seconds, codeTime.qualify.count];
    t.clock.advance(11_000);
    expect(t.sent).toHaveLength(1);
    const n1 = codeTime.qualify.count;
    expect(n1).toBeGreaterThan(n0);
    t.answer(0);
    expect(codeTime.qualify.count).toBe(n1 + 1);
    expect(codeTime.qualify.seconds).toBeGreaterThan(s0);
  });
});
