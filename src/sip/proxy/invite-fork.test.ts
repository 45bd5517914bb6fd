import { describe, expect, it } from "bun:test";
import { answer, FakeServerTransaction, invite, proxySetup } from "../testing/test-ua.ts";
import type { Endpoint } from "../transport/index.ts";

const A: Endpoint = { transport: "udp", address: "198.51.100.2", port: 5060 };
const B: Endpoint = { transport: "udp", address: "198.51.100.3", port: 5070 };

function ringing(contacts = [A, B], ringTimeoutMs?: number) {
  const setup = proxySetup(contacts, ringTimeoutMs);
  const tx = new FakeServerTransaction(invite());
  setup.proxy.invite(tx);
  const [a, b] = setup.host.of("INVITE");
  return { ...setup, tx, a: a!, b: b! };
}

describe("InviteFork", () => {
  it("T6: MUST fork an INVITE to every contact, where each registered from", () => {
    const { host } = ringing();
    const branches = host.of("INVITE");
    expect(branches.map((r) => r.target)).toEqual([A, B]);
    expect(branches.map((r) => r.request.uri)).toEqual(["sip:1002@198.51.100.2:5060", "sip:1002@198.51.100.3:5070"]);
    for (const { request } of branches) {
      expect(request.headers.get("max-forwards")).toBe("69");
      expect(request.headers.get("via")).toStartWith("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK");
      expect(request.headers.getAll("via")).toHaveLength(2);
      expect(request.headers.getAll("record-route")).toEqual(["<sip:192.0.2.1:5060;transport=udp;lr>"]);
      expect(request.headers.has("proxy-authorization")).toBe(false);
    }
    expect(branches[0]!.request.headers.get("via")).not.toBe(branches[1]!.request.headers.get("via"));
  });

  it("T6: MUST Record-Route twice when the callee uses another transport (RFC 5658)", () => {
    const { host } = ringing([{ transport: "tcp", address: "198.51.100.4", port: 5060 }]);
    const rr = host.of("INVITE")[0]!.request.headers.getAll("record-route");
    expect(rr).toEqual(["<sip:192.0.2.1:5060;transport=tcp;lr>", "<sip:192.0.2.1:5060;transport=udp;lr>"]);
  });

  it("T6: MUST relay provisional responses (not 100) without its own Via", () => {
    const { a, tx } = ringing();
    a.handlers.onResponse(answer(a.request, 100));
    a.handlers.onResponse(answer(a.request, 180));
    expect(tx.statuses).toEqual([180]);
    expect(tx.responses[0]!.headers.getAll("via")).toEqual(tx.request.headers.getAll("via"));
  });

  it("T6: MUST fork an INVITE to every contact and cancel the others on 2xx", () => {
    const { a, b, tx, host, proxy } = ringing();
    a.handlers.onResponse(answer(a.request, 180, "ta"));
    b.handlers.onResponse(answer(b.request, 180, "tb"));
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    expect(tx.statuses).toEqual([180, 180, 200]);
    const cancels = host.of("CANCEL");
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.target).toEqual(B);
    expect(cancels[0]!.request.uri).toBe(b.request.uri);
    expect(cancels[0]!.request.headers.get("via")).toBe(b.request.headers.get("via"));
    expect(cancels[0]!.request.headers.get("cseq")).toBe("1 CANCEL");
    expect(proxy.dialogs.has("call-1")).toBe(true);
    // The cancelled branch's 487 is not relayed after the 2xx.
    b.handlers.onResponse(answer(b.request, 487, "tb"));
    expect(tx.statuses).toEqual([180, 180, 200]);
  });

  it("T6: MUST relay every 2xx, even after another branch answered (§16.7 step 5)", () => {
    const { a, b, tx, host } = ringing();
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    b.handlers.onResponse(answer(b.request, 200, "tb"));
    // The first through the caller's transaction; once answered, straight to where the INVITE came from.
    expect(tx.statuses).toEqual([200]);
    expect(host.sent.map((s) => [(s.message as { status: number }).status, s.target])).toEqual([[200, tx.source]]);
    expect(host.sent[0]!.message.headers.getAll("via")).toEqual(tx.request.headers.getAll("via"));
  });

  it("T6: an answered fork MUST relay 2xx retransmissions and keep neither the caller's transaction nor the branch's request (issue 12)", () => {
    // The layer holds a branch's handlers for Timer M's 32 s: what they reach must be small.
    const { handlers, host, again, caller, requests } = (() => {
      const { a, tx, host } = ringing([A]);
      a.handlers.onResponse(answer(a.request, 200, "ta"));
      const again = answer(a.request, 200, "ta");
      return { handlers: a.handlers, host, again, caller: new WeakRef(tx), requests: [new WeakRef(tx.request), new WeakRef(a.request)] };
    })();
    host.requests.length = 0; // the fake host's own record of the branch
    handlers.onResponse(again); // a retransmitted 2xx
    expect(host.sent).toHaveLength(1);
    expect(host.sent[0]!.target).toEqual({ transport: "udp", address: "203.0.113.1", port: 5062 });
    const vias = host.sent[0]!.message.headers.getAll("via");
    expect(vias).toHaveLength(1); // ours removed, the caller's left
    expect(vias[0]).toContain("203.0.113.1:5062");
    Bun.gc(true);
    expect(caller.deref()).toBeUndefined();
    expect(requests.map((r) => r.deref())).toEqual([undefined, undefined]);
  });

  it("T6: MUST wait for a provisional response before cancelling a branch (§9.1)", () => {
    const { a, b, host } = ringing();
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    expect(host.of("CANCEL")).toHaveLength(0);
    b.handlers.onResponse(answer(b.request, 180, "tb"));
    expect(host.of("CANCEL")).toHaveLength(1);
  });

  it("T6: MUST send one CANCEL per branch however many provisionals follow", () => {
    const { a, b, host } = ringing();
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    b.handlers.onResponse(answer(b.request, 180, "tb"));
    b.handlers.onResponse(answer(b.request, 183, "tb"));
    expect(host.of("CANCEL")).toHaveLength(1);
  });

  it("T6: MUST answer the best final response when every branch fails", () => {
    const { a, b, tx } = ringing();
    a.handlers.onResponse(answer(a.request, 486));
    expect(tx.statuses).toEqual([]);
    b.handlers.onTimeout();
    expect(tx.statuses).toEqual([486]);
    expect(tx.responses[0]!.headers.getAll("via")).toEqual(tx.request.headers.getAll("via"));
  });

  it("T6: MUST prefer a 6xx over any other final response", () => {
    const { a, b, tx } = ringing();
    a.handlers.onResponse(answer(a.request, 486));
    b.handlers.onResponse(answer(b.request, 603));
    expect(tx.statuses).toEqual([603]);
  });

  it("T6: MUST answer 408 / 503 when branches time out or cannot be sent", () => {
    const { a, b, tx } = ringing();
    a.handlers.onTimeout();
    b.handlers.onTransportError!();
    expect(tx.statuses).toHaveLength(1);
    expect([408, 503]).toContain(tx.statuses[0]!);
  });

  it("T6: MUST cancel ringing branches and answer 487 when the caller cancels", () => {
    const { a, b, tx, host } = ringing();
    a.handlers.onResponse(answer(a.request, 180, "ta"));
    tx.onCancel.execute(tx.request);
    expect(host.of("CANCEL").map((c) => c.target)).toEqual([A]);
    b.handlers.onResponse(answer(b.request, 180, "tb"));
    expect(host.of("CANCEL").map((c) => c.target)).toEqual([A, B]);
    a.handlers.onResponse(answer(a.request, 487, "ta"));
    b.handlers.onResponse(answer(b.request, 487, "tb"));
    expect(tx.statuses).toEqual([180, 487]);
    expect(host.clock.pending).toBe(0);
  });

  it("T6: MUST forward a 2xx that races the caller's CANCEL (§16.10)", () => {
    const { a, b, tx } = ringing();
    a.handlers.onResponse(answer(a.request, 180, "ta"));
    tx.onCancel.execute(tx.request);
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    b.handlers.onResponse(answer(b.request, 487, "tb"));
    expect(tx.statuses).toEqual([180, 200]);
  });

  it("T6: MUST answer 487 itself when a cancelled branch never answers", () => {
    const { a, tx, host } = ringing([A]);
    a.handlers.onResponse(answer(a.request, 180, "ta"));
    tx.onCancel.execute(tx.request);
    expect(tx.statuses).toEqual([180]);
    host.clock.advance(2000);
    expect(tx.statuses).toEqual([180, 487]);
  });

  it("T6: MUST cancel ringing branches when Timer C fires", () => {
    const { a, b, tx, host } = ringing([A, B], 30_000);
    a.handlers.onResponse(answer(a.request, 180, "ta"));
    b.handlers.onResponse(answer(b.request, 180, "tb"));
    host.clock.advance(29_999);
    expect(host.of("CANCEL")).toHaveLength(0);
    host.clock.advance(1);
    expect(host.of("CANCEL")).toHaveLength(2);
    a.handlers.onResponse(answer(a.request, 487, "ta"));
    b.handlers.onResponse(answer(b.request, 487, "tb"));
    expect(tx.statuses).toEqual([180, 180, 487]);
  });

  it("T6: an answered call MUST stop Timer C", () => {
    const { a, host } = ringing([A], 30_000);
    a.handlers.onResponse(answer(a.request, 200, "ta"));
    expect(host.clock.pending).toBe(0);
  });
});
