import { describe, expect, it } from "bun:test";
import type { SipRequest } from "../message/index.ts";
import { harness, makeRequest, peer, recorder, reply } from "./test-harness.ts";
import { HELD_GRAIN_MS } from "./held-transactions.ts";

function times(h: ReturnType<typeof harness>, method: string): number[] {
  return h.sent
    .filter((s) => s.message.kind === "request" && (s.message as SipRequest).method === method)
    .map((s) => s.at - h.start);
}

describe("client non-INVITE transaction (RFC 3261 §17.1.2)", () => {
  it("T3: MUST retransmit with Timer E doubling and capped at T2 until Timer F fires", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const tx = h.layer.request(makeRequest("REGISTER"), peer(), handlers);
    h.clock.advance(32_000);
    // Intervals 500, 1000, 2000, 4000, 4000, … (capped at T2 = 4 s); Timer F at 32 s.
    expect(times(h, "REGISTER")).toEqual([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(seen.timeouts).toBe(1);
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST retransmit every T2 in Proceeding after a provisional response", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const request = makeRequest("OPTIONS");
    const tx = h.layer.request(request, peer(), handlers);
    h.clock.advance(600); // one retransmission at 500, next due at 1500
    h.layer.receive(reply(request, 100), peer());
    expect(tx.state).toBe("Proceeding");
    h.clock.advance(10_000); // fires at 1500, then every 4000
    expect(times(h, "OPTIONS")).toEqual([0, 500, 1500, 5500, 9500]);
    h.layer.receive(reply(request, 200), peer());
    expect(seen.responses.map((r) => r.status)).toEqual([100, 200]);
    expect(tx.state).toBe("Completed");
    expect(h.layer.counts()).toEqual({ client: 1, server: 0 }); // held for Timer K (by the layer, without the request)
    h.clock.advance(5000 + HELD_GRAIN_MS); // Timer K = T4, and the held record's bucket
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST absorb retransmitted final responses in Completed (Timer K)", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const request = makeRequest("BYE");
    h.layer.request(request, peer(), handlers);
    h.layer.receive(reply(request, 200), peer());
    h.layer.receive(reply(request, 200), peer());
    expect(seen.responses).toHaveLength(1);
    expect(h.strays).toHaveLength(0);
    h.clock.advance(5000 + HELD_GRAIN_MS);
    expect(h.layer.counts().client).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST NOT retransmit over a reliable transport and MUST terminate at once on a final (Timer K = 0)", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const request = makeRequest("REGISTER");
    const tx = h.layer.request(request, peer("ws"), handlers);
    h.clock.advance(20_000);
    expect(times(h, "REGISTER")).toEqual([0]);
    h.layer.receive(reply(request, 401), peer("ws"));
    expect(seen.responses.map((r) => r.status)).toEqual([401]);
    expect(tx.state).toBe("Terminated");
    expect(h.clock.pending).toBe(0);
  });

  it("MUST keep INVITE and CANCEL with the same branch as separate transactions (§9.1)", () => {
    const h = harness();
    const invite = recorder();
    const cancel = recorder();
    const inv = makeRequest("INVITE", { branch: "z9hG4bKsame" });
    const can = makeRequest("CANCEL", { branch: "z9hG4bKsame" });
    h.layer.request(inv, peer("tcp"), invite.handlers);
    h.layer.request(can, peer("tcp"), cancel.handlers);
    expect(h.layer.counts().client).toBe(2);
    h.layer.receive(reply(can, 200), peer("tcp"));
    h.layer.receive(reply(inv, 487), peer("tcp"));
    expect(cancel.seen.responses.map((r) => r.status)).toEqual([200]);
    expect(invite.seen.responses.map((r) => r.status)).toEqual([487]);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("MUST call onTransportError when a retransmission fails", () => {
    let fail = false;
    const h = harness({ failSend: () => fail });
    const { seen, handlers } = recorder();
    const tx = h.layer.request(makeRequest("MESSAGE"), peer(), handlers);
    fail = true;
    h.clock.advance(500);
    expect(seen.transportErrors).toBe(1);
    expect(tx.state).toBe("Terminated");
    expect(h.clock.pending).toBe(0);
  });
});
