import { describe, expect, it } from "bun:test";
import { HeaderList, serializeMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import { harness, makeRequest, peer, recorder, reply } from "./test-harness.ts";
import { HELD_GRAIN_MS } from "./held-transactions.ts";
import { deriveTimers } from "./timers.ts";

function responses(h: ReturnType<typeof harness>): SipResponse[] {
  return h.sent.filter((s) => s.message.kind === "response").map((s) => s.message as SipResponse);
}

function cancelFor(invite: SipRequest): SipRequest {
  const headers = new HeaderList();
  for (const [n, v] of invite.headers) if (n !== "cseq") headers.append(n, v);
  headers.append("cseq", "1 CANCEL");
  return { kind: "request", method: "CANCEL", uri: invite.uri, headers, body: "" };
}

describe("transaction layer (RFC 3261 §17.1.3, §17.2.3, §9.2)", () => {
  it("T3: MUST answer a matching CANCEL with 200, fire onCancel and keep the INVITE for the TU's 487", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 180));
    const cancels: SipRequest[] = [];
    tx.onCancel.subscribe((c) => cancels.push(c));
    h.layer.receive(cancelFor(invite), peer());
    expect(cancels).toHaveLength(1);
    expect(tx.cancelled).toBe(true);
    const ok = responses(h).at(-1)!;
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cseq")).toBe("1 CANCEL");
    expect(ok.headers.get("to")).toContain("tag=totag1"); // §9.2: same To tag as the INVITE's responses
    expect(h.requests).toHaveLength(1); // the CANCEL is not a new request for the TU
    // A retransmitted CANCEL is answered by its own transaction, without a second onCancel.
    h.layer.receive(cancelFor(invite), peer());
    expect(cancels).toHaveLength(1);
    expect(responses(h).at(-1)!.status).toBe(200);
    tx.respond(reply(invite, 487));
    h.layer.receive(makeRequest("ACK", { branch: /branch=([^;]+)/.exec(invite.headers.get("via")!)![1] }), peer());
    h.clock.advance(40_000);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST answer a CANCEL that matches no transaction with 481", () => {
    const h = harness();
    h.layer.receive(makeRequest("CANCEL"), peer());
    expect(responses(h).map((r) => r.status)).toEqual([481]);
    expect(h.requests).toHaveLength(0);
    h.clock.advance(32_000);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("MUST NOT match a request from another sent-by with the same branch (§17.2.3)", () => {
    const h = harness();
    const a = makeRequest("OPTIONS", { branch: "z9hG4bKdup" });
    const b = makeRequest("OPTIONS", { branch: "z9hG4bKdup" });
    b.headers.set("via", "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKdup");
    h.layer.receive(a, peer());
    h.layer.receive(b, peer());
    expect(h.requests).toHaveLength(2);
    h.layer.close();
  });

  it("MUST match RFC 2543 requests without the magic cookie on Call-ID, CSeq, From tag and Via", () => {
    const h = harness();
    const invite = makeRequest("INVITE", { branch: "old1" });
    h.layer.receive(invite, peer());
    h.layer.receive(invite, peer()); // retransmission absorbed
    expect(h.requests).toHaveLength(1);
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 486));
    const ack = makeRequest("ACK", { branch: "old1", toTag: "totag1" });
    h.layer.receive(ack, peer());
    expect(tx.state).toBe("Confirmed");
    const noBranch = makeRequest("OPTIONS");
    noBranch.headers.set("via", "SIP/2.0/UDP 192.0.2.10");
    expect(() => h.layer.receive(noBranch, peer())).not.toThrow();
    h.requests.at(-1)!.tx!.respond(reply(noBranch, 200));
    h.clock.advance(40_000);
    expect(h.layer.counts().server).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it("MUST drop a request without a Via instead of throwing", () => {
    const h = harness();
    const request = makeRequest("OPTIONS");
    request.headers.remove("via");
    expect(() => h.layer.receive(request, peer())).not.toThrow();
    expect(h.requests).toHaveLength(0);
    expect(h.layer.counts().server).toBe(0);
  });

  it("MUST hand a response that matches no client transaction to onStrayResponse", () => {
    const h = harness();
    h.layer.receive(reply(makeRequest("INVITE"), 200), peer());
    expect(h.strays.map((r) => r.status)).toEqual([200]);
  });

  it("MUST survive a TU callback that throws", () => {
    const h = harness();
    const { handlers } = recorder();
    const request = makeRequest("OPTIONS");
    h.layer.request(request, peer(), { ...handlers, onResponse: () => { throw new Error("boom"); } });
    expect(() => h.layer.receive(reply(request, 200), peer())).not.toThrow();
    h.clock.advance(5000 + HELD_GRAIN_MS);
    expect(h.layer.counts().client).toBe(0);
  });

  it("MUST send an ACK for a 2xx without creating a transaction", () => {
    const h = harness();
    const tx = h.layer.request(makeRequest("ACK"), peer(), recorder().handlers);
    expect(tx.state).toBe("Terminated");
    expect(h.sent).toHaveLength(1);
    expect(h.layer.counts().client).toBe(0);
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST leave no transaction and no timer after a mixed load (leak check)", () => {
    const h = harness();
    for (let i = 0; i < 50; i++) {
      const transport = i % 2 === 0 ? "udp" : "tcp";
      const invite = makeRequest("INVITE", { callId: `c${i}` });
      h.layer.receive(invite, peer(transport));
      const tx = h.requests.at(-1)!.tx!;
      if (i % 3 === 0) tx.respond(reply(invite, 200));
      else if (i % 3 === 1) tx.respond(reply(invite, 603));
      const out = makeRequest(i % 2 ? "INVITE" : "OPTIONS", { callId: `o${i}` });
      h.layer.request(out, peer(transport), recorder().handlers);
      if (i % 4 === 0) h.layer.receive(reply(out, 404), peer(transport));
    }
    h.clock.advance(120_000);
    // INVITE server transactions with no final stay until the TU answers (the TU owns Timer C).
    const pending = h.requests.filter((r) => r.tx && r.tx.state === "Proceeding");
    for (const r of pending) r.tx!.respond(reply(r.request, 408));
    h.clock.advance(120_000);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });
});

describe("transaction layer lifecycle", () => {
  it("MUST stop every timer on close() with transactions in flight", () => {
    const h = harness();
    h.layer.request(makeRequest("INVITE"), peer(), recorder().handlers);
    h.layer.request(makeRequest("OPTIONS"), peer(), recorder().handlers);
    const invite = makeRequest("INVITE", { callId: "x" });
    h.layer.receive(invite, peer());
    h.requests[0]!.tx!.respond(reply(invite, 500));
    expect(h.clock.pending).toBeGreaterThan(0);
    h.layer.close();
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("MUST still send a 2xx the TU passes after Timer L (stateless forwarding, RFC 6026 §7.1)", () => {
    const h = harness();
    const invite = makeRequest("INVITE");
    h.layer.receive(invite, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(invite, 200));
    h.clock.advance(32_000);
    expect(h.layer.counts().server).toBe(0);
    tx.respond(reply(invite, 200));
    tx.respond(reply(invite, 486)); // dropped
    expect(responses(h).map((r) => r.status)).toEqual([100, 200, 200]);
    expect(h.clock.pending).toBe(0);
  });
});

describe("challenges answered statelessly (RFC 3261 §8.2.7; issue 12)", () => {
  /** A layer whose TU challenges every request at once, as the registrar and the proxy do. */
  function challenging(status: 401 | 407) {
    const h = harness({ answer: (request, tx) => tx.respondStatelessly(reply(request, status)) });
    return { ...h, statuses: () => responses(h).map((r) => r.status), requests: () => h.requests.length };
  }

  it("T3: MUST send a REGISTER's challenge once and keep nothing: a retransmission is a new request", () => {
    const h = challenging(401);
    h.layer.receive(makeRequest("REGISTER", { branch: "z9hG4bKreg1" }), peer());
    expect(h.statuses()).toEqual([401]);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
    h.clock.advance(500);
    h.layer.receive(makeRequest("REGISTER", { branch: "z9hG4bKreg1" }), peer());
    expect(h.requests()).toBe(2);
    expect(h.statuses()).toEqual([401, 401]);
  });

  it("T3: MUST send an INVITE's challenge again, the same, to retransmissions for T4, then keep nothing", () => {
    const h = challenging(407);
    h.layer.receive(makeRequest("INVITE", { branch: "z9hG4bKinv2" }), peer());
    h.clock.advance(500);
    h.layer.receive(makeRequest("INVITE", { branch: "z9hG4bKinv2" }), peer());
    h.clock.advance(1000);
    h.layer.receive(makeRequest("INVITE", { branch: "z9hG4bKinv2" }), peer());
    expect(h.statuses()).toEqual([407, 407, 407]);
    expect(h.requests()).toBe(1); // the retransmissions never reach the proxy
    expect(new Set(h.sent.map((s) => serializeMessage(s.message))).size).toBe(1); // the same nonce and To tag each time
    h.clock.advance(5000);
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
    h.layer.receive(makeRequest("INVITE", { branch: "z9hG4bKinv2" }), peer());
    expect(h.requests()).toBe(2); // past T4 it is a request like any other
  });

  it("T3: MUST challenge an INVITE without a 100 Trying, absorb the ACK and keep no Timer G, H or I", () => {
    const h = challenging(407);
    h.layer.receive(makeRequest("INVITE", { branch: "z9hG4bKinv1" }), peer());
    h.layer.receive(makeRequest("ACK", { branch: "z9hG4bKinv1", toTag: "totag1" }), peer());
    expect(h.statuses()).toEqual([407]);
    expect(h.requests()).toBe(1); // the ACK to the challenge is not passed up
    h.clock.advance(5000 + HELD_GRAIN_MS);
    expect(h.statuses()).toEqual([407]); // no retransmission of the 407 by Timer G
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST still send 100 Trying for an INVITE the TU does not answer at once (§17.2.1)", () => {
    const h = harness();
    h.layer.receive(makeRequest("INVITE"), peer());
    expect(responses(h).map((r) => r.status)).toEqual([100]);
  });
});

describe("timers (RFC 3261 Table 4)", () => {
  it("T3: MUST derive every timer from T1/T2/T4, zero or none on reliable transports", () => {
    const udp = deriveTimers(undefined, false);
    expect([udp.A, udp.B, udp.D, udp.E, udp.F, udp.G, udp.H, udp.I, udp.J, udp.K, udp.L, udp.M, udp.stateless]).toEqual([
      500, 32_000, 32_000, 500, 32_000, 500, 32_000, 5000, 32_000, 5000, 32_000, 32_000, 5000,
    ]);
    const tcp = deriveTimers({ T1: 100 }, true);
    expect([tcp.A, tcp.E, tcp.G, tcp.D, tcp.I, tcp.J, tcp.K, tcp.B, tcp.stateless]).toEqual([null, null, null, 0, 0, 0, 0, 6400, 0]);
  });
});
