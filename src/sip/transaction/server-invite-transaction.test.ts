import { describe, expect, it } from "bun:test";
import { createResponse, type SipRequest, type SipResponse } from "../message/index.ts";
import { collected, harness, makeRequest, peer, reply } from "./test-harness.ts";

function responses(h: ReturnType<typeof harness>): Array<{ status: number; at: number }> {
  return h.sent.filter((s) => s.message.kind === "response").map((s) => ({ status: (s.message as SipResponse).status, at: s.at - h.start }));
}

function ackFor(invite: SipRequest, toTag = "totag1"): SipRequest {
  const ack = makeRequest("ACK", { branch: /branch=([^;]+)/.exec(invite.headers.get("via")!)![1], toTag });
  return ack;
}

describe("server INVITE transaction (RFC 3261 §17.2.1, RFC 6026)", () => {
  it("T3: MUST send 100 Trying at once and pass the INVITE to the TU once", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    expect(responses(h)).toEqual([{ status: 100, at: 0 }]);
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]!.tx!.state).toBe("Proceeding");
    expect(h.sent[0]!.target).toEqual(peer());
    h.layer.close();
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST absorb INVITE retransmissions and answer them with the latest provisional", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 180));
    h.layer.receive(invite, peer());
    expect(h.requests).toHaveLength(1);
    expect(responses(h).map((r) => r.status)).toEqual([100, 100, 180, 180]);
    h.layer.close();
  });

  it("T3: MUST retransmit a non-2xx final with Timer G (capped at T2) until the ACK, then absorb ACKs until Timer I", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 486));
    expect(tx.state).toBe("Completed");
    h.clock.advance(12_000);
    expect(responses(h).filter((r) => r.status === 486).map((r) => r.at)).toEqual([0, 500, 1500, 3500, 7500, 11500]);
    h.layer.receive(invite, peer()); // a retransmitted INVITE gets the final again
    expect(responses(h).filter((r) => r.status === 486)).toHaveLength(7);
    h.layer.receive(ackFor(invite), peer());
    expect(tx.state).toBe("Confirmed");
    h.layer.receive(ackFor(invite), peer());
    expect(h.requests).toHaveLength(1); // ACKs for a non-2xx never reach the TU
    h.clock.advance(20_000);
    expect(responses(h).filter((r) => r.status === 486)).toHaveLength(7);
    h.clock.advance(5000); // Timer I = T4 after the ACK at 12 s
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST terminate on Timer H when no ACK arrives", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    let terminated = 0;
    tx.onTerminated.subscribe(() => terminated++);
    tx.respond(reply(invite, 404));
    h.clock.advance(32_000);
    expect(tx.state).toBe("Terminated");
    expect(terminated).toBe(1);
    expect(h.clock.pending).toBe(0);
    expect(h.layer.counts().server).toBe(0);
  });

  it("T3: MUST NOT retransmit finals over a reliable transport and MUST end at once on the ACK (Timer I = 0)", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer("tcp"));
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 480));
    h.clock.advance(10_000);
    expect(responses(h).map((r) => r.status)).toEqual([100, 480]);
    h.layer.receive(ackFor(invite), peer("tcp"));
    expect(tx.state).toBe("Terminated");
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST enter Accepted on a 2xx, let the TU's 2xx retransmissions through and hand ACKs to the TU (RFC 6026)", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    const ok = reply(invite, 200);
    tx.respond(ok);
    expect(tx.state).toBe("Accepted");
    tx.respond(ok); // the TU (UAS core) retransmits its 2xx itself
    h.layer.receive(invite, peer()); // absorbed, not answered, not passed up
    expect(responses(h).map((r) => r.status)).toEqual([100, 200, 200]);
    expect(h.requests).toHaveLength(1);
    // An ACK for the 2xx with a new branch has no transaction: straight to the TU with tx null.
    h.layer.receive(makeRequest("ACK", { toTag: "totag1" }), peer());
    // One that reuses the INVITE's branch hits the Accepted transaction and is passed up too.
    h.layer.receive(ackFor(invite), peer());
    expect(h.requests.slice(1).map((r) => [r.request.method, r.tx])).toEqual([
      ["ACK", null],
      ["ACK", null],
    ]);
    h.clock.advance(32_000); // Timer L
    expect(h.clock.pending).toBe(0);
    expect(h.layer.counts().server).toBe(0);
    // After Timer L the TU's 2xx still goes out (a proxy forwards it statelessly, RFC 6026 §7.1).
    tx.respond(ok);
    expect(responses(h).map((r) => r.status)).toEqual([100, 200, 200, 200]);
  });

  it("T3: in Accepted the layer MUST keep neither the transaction nor its INVITE (issue 12: memory for Timer L's 32 s)", () => {
    const h = harness();
    const branches = Array.from({ length: 20 }, (_, i) => `z9hG4bKheld${i}`);
    const refs = (() =>
      branches.flatMap((branch) => {
        const request = makeRequest("INVITE", { branch });
        h.layer.receive(request, peer());
        const tx = h.requests.pop()!.tx!;
        tx.respond(reply(request, 200));
        return [new WeakRef(tx), new WeakRef(request)];
      }))();
    expect(collected(refs)).toBeGreaterThanOrEqual(30);
    const invite = makeRequest("INVITE", { branch: branches[0] });
    h.layer.receive(invite, peer()); // a retransmission: still absorbed
    expect(h.requests).toHaveLength(0);
    h.layer.receive(ackFor(invite), peer()); // still passed up
    expect(h.requests.map((r) => r.request.method)).toEqual(["ACK"]);
    expect(h.layer.counts().server).toBe(20);
  });

  it("MUST terminate the transaction when sending the response throws", () => {
    const h = harness({ failSend: (m) => m.kind === "response" && m.status === 486 });
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer("tcp"));
    const tx = h.requests[0]!.tx!;
    expect(() => tx.respond(createResponse(invite, 486, undefined, "t"))).not.toThrow();
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts().server).toBe(0);
    expect(h.clock.pending).toBe(0);
  });
});
