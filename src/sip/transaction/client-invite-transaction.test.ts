import { describe, expect, it } from "bun:test";
import { parseCSeq, type SipRequest } from "../message/index.ts";
import { collected, harness, makeRequest, peer, recorder, reply } from "./test-harness.ts";

function sentRequests(sent: ReturnType<typeof harness>["sent"], method: string) {
  return sent.filter((s) => s.message.kind === "request" && (s.message as SipRequest).method === method);
}

describe("client INVITE transaction (RFC 3261 §17.1.1)", () => {
  it("T3: MUST retransmit INVITE with Timer A doubling until Timer B fires", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const tx = h.layer.request(makeRequest("INVITE"), peer(), handlers);
    expect(tx.state).toBe("Calling");
    h.clock.advance(64 * 500 + 1);
    const times = sentRequests(h.sent, "INVITE").map((s) => s.at - h.start);
    // Sent at 0, then after 0.5, 1, 2, 4, 8, 16 s intervals: 0, 500, 1500, 3500, 7500, 15500, 31500.
    expect(times).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(seen.timeouts).toBe(1);
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST NOT retransmit over a reliable transport, and Timer B still fires", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    h.layer.request(makeRequest("INVITE"), peer("tcp"), handlers);
    h.clock.advance(32_000);
    expect(sentRequests(h.sent, "INVITE")).toHaveLength(1);
    expect(seen.timeouts).toBe(1);
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST stop retransmitting on a provisional response and pass it to the TU", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const invite = makeRequest("INVITE");
    const tx = h.layer.request(invite, peer(), handlers);
    h.layer.receive(reply(invite, 180), peer());
    expect(tx.state).toBe("Proceeding");
    h.clock.advance(60_000);
    expect(sentRequests(h.sent, "INVITE")).toHaveLength(1);
    expect(seen.responses.map((r) => r.status)).toEqual([180]);
    expect(seen.timeouts).toBe(0);
    h.layer.close();
  });

  it("T3: MUST send the hop-by-hop ACK itself for a 486 and absorb retransmitted finals (Timer D)", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const invite = makeRequest("INVITE", { cseq: 7 });
    const tx = h.layer.request(invite, peer(), handlers);
    h.layer.receive(reply(invite, 180), peer());
    const busy = reply(invite, 486);
    h.layer.receive(busy, peer());
    expect(tx.state).toBe("Completed");
    const acks = sentRequests(h.sent, "ACK");
    expect(acks).toHaveLength(1);
    const ack = acks[0]!.message as SipRequest;
    // §17.1.1.3: same Request-URI, top Via, From, Call-ID, Route; To from the response; CSeq number with ACK.
    expect(ack.uri).toBe(invite.uri);
    expect(ack.headers.getAll("via")).toEqual([invite.headers.get("via")!]);
    expect(ack.headers.get("from")).toBe(invite.headers.get("from")!);
    expect(ack.headers.get("call-id")).toBe(invite.headers.get("call-id")!);
    expect(ack.headers.get("to")).toBe(busy.headers.get("to")!);
    expect(ack.headers.get("to")).toContain("tag=totag1");
    expect(parseCSeq(ack.headers.get("cseq"))).toEqual({ seq: 7, method: "ACK" });
    expect(ack.headers.getAll("route")).toEqual(invite.headers.getAll("route"));
    expect(acks[0]!.target).toEqual(peer());
    // A retransmitted 486 re-sends the ACK but is not passed up.
    h.layer.receive(reply(invite, 486), peer());
    expect(sentRequests(h.sent, "ACK")).toHaveLength(2);
    expect(seen.responses.map((r) => r.status)).toEqual([180, 486]);
    h.clock.advance(32_000);
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts().client).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST terminate at once after a non-2xx final over a reliable transport (Timer D = 0)", () => {
    const h = harness();
    const { handlers } = recorder();
    const invite = makeRequest("INVITE");
    const tx = h.layer.request(invite, peer("tls"), handlers);
    h.layer.receive(reply(invite, 603), peer("tls"));
    expect(sentRequests(h.sent, "ACK")).toHaveLength(1);
    expect(tx.state).toBe("Terminated");
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST pass every 2xx retransmission to the TU in Accepted until Timer M (RFC 6026)", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const invite = makeRequest("INVITE");
    const tx = h.layer.request(invite, peer(), handlers);
    h.layer.receive(reply(invite, 200), peer());
    expect(tx.state).toBe("Accepted");
    h.layer.receive(reply(invite, 200), peer());
    h.layer.receive(reply(invite, 200), peer());
    expect(seen.responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(sentRequests(h.sent, "ACK")).toHaveLength(0); // the TU acknowledges a 2xx itself
    h.clock.advance(31_000);
    h.layer.receive(reply(invite, 200), peer());
    expect(seen.responses).toHaveLength(4);
    h.clock.advance(1000);
    expect(h.layer.counts().client).toBe(0);
    // After Timer M a late 2xx is a stray response for the TU (a proxy forwards it statelessly).
    h.layer.receive(reply(invite, 200), peer());
    expect(h.strays).toHaveLength(1);
    expect(h.clock.pending).toBe(0);
  });

  it("T3: in Accepted the layer MUST keep only the TU's handlers, not the transaction and its INVITE (issue 12: memory for Timer M's 32 s)", () => {
    const h = harness();
    const { seen, handlers } = recorder();
    const branches = Array.from({ length: 20 }, (_, i) => `z9hG4bKheld${i}`);
    const refs = (() =>
      branches.flatMap((branch) => {
        const invite = makeRequest("INVITE", { branch });
        const tx = h.layer.request(invite, peer(), handlers);
        h.layer.receive(reply(invite, 200), peer());
        h.sent.length = 0; // the harness's own record of the INVITE
        return [new WeakRef(tx), new WeakRef(invite)];
      }))();
    expect(collected(refs)).toBeGreaterThanOrEqual(30);
    h.layer.receive(reply(makeRequest("INVITE", { branch: branches[0] }), 200), peer());
    expect(seen.responses).toHaveLength(21);
    expect(h.layer.counts().client).toBe(20);
  });

  it("MUST call onTransportError and terminate when send throws, never throwing itself", () => {
    const h = harness({ failSend: () => true });
    const { seen, handlers } = recorder();
    const tx = h.layer.request(makeRequest("INVITE"), peer("tcp"), handlers);
    expect(seen.transportErrors).toBe(1);
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("MUST refuse a request without a z9hG4bK branch", () => {
    const h = harness();
    const invite = makeRequest("INVITE", { branch: "oldstyle1" });
    expect(() => h.layer.request(invite, peer(), recorder().handlers)).toThrow();
  });
});
