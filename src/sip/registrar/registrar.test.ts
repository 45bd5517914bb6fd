import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { MemoryLocationStore } from "../testing/memory-stores.ts";
import { makeRequest } from "../testing/test-ua.ts";
import type { Endpoint } from "../transport/index.ts";
import { Registrar } from "./registrar.ts";

const SOURCE: Endpoint = { transport: "udp", address: "203.0.113.5", port: 40000 };

function setup(store = new MemoryLocationStore(), clock = new FakeClock(), maxContacts?: number) {
  const registrar = new Registrar({ store, clock, log: silentLogger, minExpires: 60, maxExpires: 3600, defaultExpires: 600, maxContacts });
  return { registrar, store, clock };
}

function register(contacts: string[], opts: { expires?: string; callId?: string; cseq?: number } = {}) {
  const headers: Array<[string, string]> = contacts.map((c) => ["Contact", c]);
  if (opts.expires !== undefined) headers.push(["Expires", opts.expires]);
  return makeRequest({
    method: "REGISTER",
    uri: "sip:cc.test",
    from: "<sip:1001@cc.test>;tag=a",
    to: "<sip:1001@cc.test>",
    callId: opts.callId ?? "reg-1",
    cseq: opts.cseq ?? 1,
    headers,
  });
}

describe("Registrar", () => {
  it("T5: MUST bind a contact and list it with its expiry in the 200", () => {
    const { registrar, store } = setup();
    const response = registrar.register(register(["<sip:1001@10.0.0.5:5060>"], { expires: "120" }), "1001", SOURCE);
    expect(response.status).toBe(200);
    expect(response.headers.getAll("contact")).toEqual(["<sip:1001@10.0.0.5:5060>;expires=120"]);
    expect(response.headers.has("date")).toBe(true);
    expect(registrar.lookup("1001")).toHaveLength(1);
    expect(registrar.lookup("1001")[0]!.source).toEqual(SOURCE);
    expect(store.list("1001")).toHaveLength(1);
  });

  it("T5: MUST use the default expiry when none is given", () => {
    const { registrar } = setup();
    const response = registrar.register(register(["<sip:1001@10.0.0.5>"]), "1001", SOURCE);
    expect(response.headers.get("contact")).toBe("<sip:1001@10.0.0.5>;expires=600");
  });

  it("T5: MUST prefer the Contact expires parameter over the Expires header", () => {
    const { registrar } = setup();
    const response = registrar.register(register(["<sip:1001@10.0.0.5>;expires=300"], { expires: "900" }), "1001", SOURCE);
    expect(response.headers.get("contact")).toBe("<sip:1001@10.0.0.5>;expires=300");
  });

  it("T5: MUST cap an interval above the maximum", () => {
    const { registrar } = setup();
    const response = registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "86400" }), "1001", SOURCE);
    expect(response.headers.get("contact")).toBe("<sip:1001@10.0.0.5>;expires=3600");
  });

  it("T5: MUST answer 423 with Min-Expires for too brief an interval", () => {
    const { registrar } = setup();
    const response = registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "30" }), "1001", SOURCE);
    expect(response.status).toBe(423);
    expect(response.headers.get("min-expires")).toBe("60");
    expect(registrar.lookup("1001")).toHaveLength(0);
  });

  it("T5: MUST keep several contacts per extension", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"]), "1001", SOURCE);
    const response = registrar.register(register(["<sip:1001@10.0.0.6>"], { callId: "reg-2" }), "1001", { ...SOURCE, port: 40001 });
    expect(response.headers.getAll("contact")).toHaveLength(2);
    expect(registrar.lookup("1001").map((b) => b.contact)).toEqual(["sip:1001@10.0.0.5", "sip:1001@10.0.0.6"]);
    expect(registrar.count).toBe(2);
  });

  it("T5: MUST drop the oldest contact beyond the per-extension limit", () => {
    const { registrar, store } = setup(undefined, undefined, 2);
    for (const n of [1, 2, 3]) registrar.register(register([`<sip:1001@10.0.0.${n}>`], { callId: `c${n}` }), "1001", SOURCE);
    expect(registrar.lookup("1001").map((b) => b.contact)).toEqual(["sip:1001@10.0.0.2", "sip:1001@10.0.0.3"]);
    expect(store.list("1001")).toHaveLength(2);
  });

  it("T5: MUST drop the least recently refreshed contact, not a phone that keeps refreshing", () => {
    const { registrar } = setup(undefined, undefined, 2);
    registrar.register(register(["<sip:1001@10.0.0.1>"], { callId: "c1" }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.2>"], { callId: "c2" }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.1>"], { callId: "c1", cseq: 2 }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.3>"], { callId: "c3" }), "1001", SOURCE);
    expect(registrar.lookup("1001").map((b) => b.contact).sort()).toEqual(["sip:1001@10.0.0.1", "sip:1001@10.0.0.3"]);
  });

  it("T5: MUST answer a query (no Contact) with the current bindings and change nothing", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"]), "1001", SOURCE);
    const response = registrar.register(register([], { cseq: 2 }), "1001", SOURCE);
    expect(response.status).toBe(200);
    expect(response.headers.getAll("contact")).toHaveLength(1);
  });

  it("T5: MUST remove one binding on Expires: 0", () => {
    const { registrar, store } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>", "<sip:1001@10.0.0.6>"]), "1001", SOURCE);
    const response = registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "0", cseq: 2 }), "1001", SOURCE);
    expect(response.headers.getAll("contact")).toEqual(["<sip:1001@10.0.0.6>;expires=600"]);
    expect(store.list("1001").map((b) => b.contact)).toEqual(["sip:1001@10.0.0.6"]);
  });

  it("T5: MUST remove all bindings on Contact: * with Expires: 0", () => {
    const { registrar, store } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>", "<sip:1001@10.0.0.6>"]), "1001", SOURCE);
    const response = registrar.register(register(["*"], { expires: "0", cseq: 2 }), "1001", SOURCE);
    expect(response.status).toBe(200);
    expect(response.headers.has("contact")).toBe(false);
    expect(registrar.lookup("1001")).toHaveLength(0);
    expect(store.all()).toHaveLength(0);
  });

  it("T5: MUST refuse Contact: * without Expires: 0 or with other contacts (400)", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"]), "1001", SOURCE);
    expect(registrar.register(register(["*"], { expires: "60", cseq: 2 }), "1001", SOURCE).status).toBe(400);
    expect(registrar.register(register(["*"], { cseq: 3 }), "1001", SOURCE).status).toBe(400);
    expect(registrar.register(register(["*", "<sip:1001@10.0.0.7>"], { expires: "0", cseq: 4 }), "1001", SOURCE).status).toBe(400);
    expect(registrar.lookup("1001")).toHaveLength(1);
  });

  it("T5: MUST expire bindings after their interval", () => {
    const { registrar, store, clock } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "60" }), "1001", SOURCE);
    clock.advance(59_000);
    expect(registrar.lookup("1001")).toHaveLength(1);
    clock.advance(1_000);
    expect(registrar.lookup("1001")).toHaveLength(0);
    expect(registrar.all()).toHaveLength(0);
    expect(registrar.purgeExpired()).toBe(1);
    expect(store.all()).toHaveLength(0);
  });

  it("T5: MUST refresh a binding on a newer CSeq of the same Call-ID", () => {
    const { registrar, clock } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "60" }), "1001", SOURCE);
    clock.advance(50_000);
    const response = registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "60", cseq: 2 }), "1001", SOURCE);
    expect(response.headers.get("contact")).toBe("<sip:1001@10.0.0.5>;expires=60");
  });

  it("T5: MUST ignore an out-of-order REGISTER (same Call-ID, older CSeq)", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "600", cseq: 5 }), "1001", SOURCE);
    const late = registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "60", cseq: 4 }), "1001", { ...SOURCE, port: 1 });
    expect(late.headers.get("contact")).toBe("<sip:1001@10.0.0.5>;expires=600");
    expect(registrar.lookup("1001")[0]!.source.port).toBe(40000);
  });

  it("T5: MUST NOT let a delayed unregister (older CSeq) remove a fresher binding", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:1001@10.0.0.5>"], { cseq: 5 }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "0", cseq: 4 }), "1001", SOURCE);
    expect(registrar.lookup("1001")).toHaveLength(1);
  });

  it("T5: MUST keep bindings across a restart", () => {
    const store = new MemoryLocationStore();
    const clock = new FakeClock();
    setup(store, clock).registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "600" }), "1001", SOURCE);
    clock.advance(10_000);
    const { registrar } = setup(store, clock);
    expect(registrar.lookup("1001")).toHaveLength(1);
    expect(registrar.lookup("1001")[0]!.source).toEqual(SOURCE);
    expect(registrar.findByContact("sip:1001@10.0.0.5")?.aor).toBe("1001");
  });

  it("T5: MUST NOT reload bindings that expired while stopped", () => {
    const store = new MemoryLocationStore();
    const clock = new FakeClock();
    setup(store, clock).registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "60" }), "1001", SOURCE);
    clock.advance(61_000);
    const { registrar } = setup(store, clock);
    expect(registrar.count).toBe(0);
    expect(store.all()).toHaveLength(0);
  });

  it("T5: MUST refuse an unparseable Contact with 400", () => {
    const { registrar } = setup();
    const request = register(["<sip:1001@10.0.0.5>"]);
    request.headers.set("contact", "<not a uri");
    expect(registrar.register(request, "1001", SOURCE).status).toBe(400);
  });

  it("T6: findByContact MUST find a phone by its Contact until the binding goes, whichever way it goes", () => {
    const { registrar, clock } = setup(undefined, undefined, 2);
    const flow: Endpoint = { transport: "ws", address: "203.0.113.9", port: 50000, connectionId: "ws-1" };
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "600" }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.6>"], { expires: "60", callId: "reg-2" }), "1001", SOURCE);
    registrar.register(register(["<sip:x7@abc.invalid;transport=ws>"], { callId: "reg-3" }), "1002", flow);
    expect(registrar.findByContact("sip:1001@10.0.0.5")?.aor).toBe("1001");
    expect(registrar.findByContact("sip:x7@abc.invalid;transport=ws")?.source).toEqual(flow);
    expect(registrar.findByContact("sip:9999@10.0.0.5")).toBeUndefined();
    // A refresh keeps it findable, with its new source.
    const moved: Endpoint = { ...SOURCE, port: 40001 };
    registrar.register(register(["<sip:1001@10.0.0.5>"], { expires: "600", cseq: 2 }), "1001", moved);
    expect(registrar.findByContact("sip:1001@10.0.0.5")?.source).toEqual(moved);
    // Expired and purged.
    clock.advance(61_000);
    registrar.purgeExpired();
    expect(registrar.findByContact("sip:1001@10.0.0.6")).toBeUndefined();
    // Pushed out beyond maxContacts (2): 10.0.0.5 is the stalest of three.
    registrar.register(register(["<sip:1001@10.0.0.7>"], { callId: "reg-4" }), "1001", SOURCE);
    registrar.register(register(["<sip:1001@10.0.0.8>"], { callId: "reg-5" }), "1001", SOURCE);
    expect(registrar.findByContact("sip:1001@10.0.0.5")).toBeUndefined();
    expect(registrar.findByContact("sip:1001@10.0.0.8")?.aor).toBe("1001");
    // Unregistered one by one, then all with "*".
    registrar.register(register(["<sip:1001@10.0.0.7>"], { expires: "0", callId: "reg-4", cseq: 2 }), "1001", SOURCE);
    expect(registrar.findByContact("sip:1001@10.0.0.7")).toBeUndefined();
    registrar.register(register(["*"], { expires: "0", callId: "reg-6" }), "1001", SOURCE);
    expect(registrar.findByContact("sip:1001@10.0.0.8")).toBeUndefined();
    // Its connection closed.
    registrar.removeFlow("ws-1");
    expect(registrar.findByContact("sip:x7@abc.invalid;transport=ws")).toBeUndefined();
  });

  it("T6: findByContact MUST still find a Contact that two extensions share after one of them lets it go", () => {
    const { registrar } = setup();
    registrar.register(register(["<sip:desk@10.0.0.5>"]), "1001", SOURCE);
    registrar.register(register(["<sip:desk@10.0.0.5>"], { callId: "reg-2" }), "1002", SOURCE);
    registrar.register(register(["<sip:desk@10.0.0.5>"], { expires: "0", cseq: 2 }), "1001", SOURCE);
    expect(registrar.findByContact("sip:desk@10.0.0.5")?.aor).toBe("1002");
  });
});
