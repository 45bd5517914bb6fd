import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import { MemoryLocationStore } from "../testing/memory-stores.ts";
import { makeRequest } from "../testing/test-ua.ts";
import type { Endpoint } from "../transport/index.ts";
import { DevicePresence, type QualifyHost } from "./device-presence.ts";
import { Registrar } from "./registrar.ts";

type Handlers = Parameters<QualifyHost["request"]>[2];

/** Presence over a registrar with a per-extension interval table (ms) that the test can change. */
function setup(intervalMs: number, own: Map<string, number>) {
  const clock = new FakeClock(Date.UTC(2026, 11, 5, 9, 0, 0));
  const registrar = new Registrar({ store: new MemoryLocationStore(), clock, log: silentLogger, minExpires: 60, maxExpires: 3600, defaultExpires: 600 });
  const sent: Array<{ request: SipRequest; to: Endpoint; handlers: Handlers }> = [];
  const host: QualifyHost = {
    clock, log: silentLogger,
    request: (request, to, handlers) => void sent.push({ request, to, handlers }),
    localHostPort: () => ({ host: "127.0.0.1", port: 5060 }),
  };
  const presence = new DevicePresence(registrar, host, { intervalMs, intervalFor: (aor) => own.get(aor) });
  const changes: Array<[string, boolean, string]> = [];
  presence.onChange.subscribe((...c) => void changes.push(c));
  presence.start();
  const register = (ext: string, port: number) =>
    registrar.register(
      makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: `<sip:${ext}@cc.test>;tag=a`, to: `<sip:${ext}@cc.test>`, callId: `reg-${ext}-${port}`, cseq: 1, headers: [["Contact", `<sip:${ext}@127.0.0.1:${port}>`], ["Expires", "3600"]] }),
      ext, { transport: "udp", address: "127.0.0.1", port },
    );
  const to = (ext: string) => sent.filter((s) => s.request.uri.startsWith(`sip:${ext}@`));
  return { clock, presence, sent, changes, register, to };
}

describe("qualify per phone (issue 17 point 1)", () => {
  it("issue 17 point 1: an extension's own interval MUST be used for its bindings, the appliance's for the others", () => {
    const t = setup(30_000, new Map([["1001", 5_000]]));
    t.register("1001", 40001);
    t.register("1002", 40002);
    t.clock.advance(5_100);
    expect(t.to("1001")).toHaveLength(1);
    t.to("1001")[0]!.handlers.onResponse({ status: 200, reason: "OK" } as SipResponse);
    t.clock.advance(20_000); // 25 s: 1001 asked every 5 s, 1002 not yet
    expect(t.to("1001").length).toBeGreaterThanOrEqual(2);
    expect(t.to("1002")).toHaveLength(0);
    t.clock.advance(6_000);
    expect(t.to("1002")).toHaveLength(1);
  });

  it("issue 17 point 1: a phone with its own short interval that does not answer MUST become unreachable within its interval, not the default's", () => {
    const t = setup(300_000, new Map([["1001", 2_000]]));
    t.register("1001", 40001);
    t.clock.advance(2_100); // probe 1 at 2 s (answer timeout 2 s: min(5 s, its interval))
    t.clock.advance(2_000); // miss 1 at 4 s, asked again 2 s later
    expect(t.changes).toEqual([]);
    t.clock.advance(4_000); // probe 2 at 6 s, miss 2 at 8 s: gone, 292 s before the default's first probe
    expect(t.changes).toEqual([["1001", false, "sip: no answer to OPTIONS (2 probes)"]]);
    expect(t.presence.isReachable("1001")).toBe(false);
  });

  it("issue 17 point 1: 0 MUST never probe the phone, even when the appliance probes every other; a failed phone turned to 0 is taken at its word", () => {
    const own = new Map([["1001", 0]]);
    const t = setup(1_000, own);
    t.register("1001", 40001);
    t.register("1002", 40002);
    t.clock.advance(10_000);
    expect(t.to("1001")).toHaveLength(0);
    expect(t.to("1002").length).toBeGreaterThan(2);
    expect(t.presence.isReachable("1001")).toBe(true);
    expect(t.changes.map((c) => c.slice(0, 2))).toEqual([["1002", false]]);
    // The appliance's default for 1002 turned off for it too: its registration stands for it again.
    own.set("1002", 0);
    t.clock.advance(1_000);
    expect(t.changes.map((c) => c.slice(0, 2))).toEqual([["1002", false], ["1002", true]]);
    expect(t.changes[1]![2]).toBe("sip: qualify off for this phone");
    // And a restart's suspicion is not kept up for a phone that is never probed.
    expect(t.presence.suspect("1001")).toBe(true);
  });

  it("issue 17 point 1: an interval set while the appliance's default is off MUST start probing that phone, a shortened one at once", () => {
    const own = new Map<string, number>();
    const t = setup(0, own);
    t.register("1001", 40001);
    t.clock.advance(5_000);
    expect(t.sent).toHaveLength(0);
    own.set("1001", 60_000);
    t.clock.advance(1_000);
    expect(t.to("1001")).toHaveLength(1); // registered under "off": due at once
    t.to("1001")[0]!.handlers.onResponse({ status: 200, reason: "OK" } as SipResponse);
    own.set("1001", 2_000); // next probe was 60 s away: pulled in
    t.clock.advance(3_000);
    expect(t.to("1001")).toHaveLength(2);
  });
});
