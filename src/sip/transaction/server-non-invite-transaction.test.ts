import { describe, expect, it } from "bun:test";
import { serializeMessage, type SipResponse } from "../message/index.ts";
import { harness, makeRequest, peer, reply } from "./test-harness.ts";
import { HELD_GRAIN_MS, type HeldTable } from "./held-transactions.ts";

function statuses(h: ReturnType<typeof harness>): number[] {
  return h.sent.filter((s) => s.message.kind === "response").map((s) => (s.message as SipResponse).status);
}

describe("server non-INVITE transaction (RFC 3261 §17.2.2)", () => {
  it("T3: MUST discard retransmissions in Trying and pass the request to the TU once", () => {
    const h = harness();
    const request = makeRequest("REGISTER");
    h.layer.receive(request, peer());
    h.layer.receive(request, peer());
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]!.tx!.state).toBe("Trying");
    expect(statuses(h)).toEqual([]); // no automatic 100 for non-INVITE
    h.layer.close();
    expect(h.clock.pending).toBe(0);
  });

  it("T3: MUST answer retransmissions with the last provisional in Proceeding and the final in Completed until Timer J", () => {
    const h = harness();
    const request = makeRequest("OPTIONS");
    h.layer.receive(request, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(request, 100));
    expect(tx.state).toBe("Proceeding");
    h.layer.receive(request, peer());
    tx.respond(reply(request, 200));
    expect(tx.state).toBe("Completed");
    h.layer.receive(request, peer());
    tx.respond(reply(request, 500)); // discarded: only one final
    expect(statuses(h)).toEqual([100, 100, 200, 200]);
    h.clock.advance(31_999);
    expect(h.layer.counts().server).toBe(1);
    h.layer.receive(request, peer());
    expect(statuses(h)).toEqual([100, 100, 200, 200, 200]); // still answered with the final
    const finals = h.sent.slice(-3).map((s) => serializeMessage(s.message));
    expect(new Set(finals).size).toBe(1); // the same bytes each time (the layer keeps its wire form)
    h.clock.advance(1); // Timer J = 64*T1
    expect(h.layer.counts()).toEqual({ client: 0, server: 0 });
    expect(h.clock.pending).toBe(0);
    // After Timer J the same request is a new one: the TU gets it again.
    h.layer.receive(request, peer());
    expect(h.requests).toHaveLength(2);
    h.layer.close();
  });

  it("T3: in Completed the layer MUST keep only the final response, not the transaction (issue 12: memory for Timer J's 32 s)", () => {
    const h = harness();
    const request = makeRequest("REGISTER");
    h.layer.receive(request, peer());
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(request, 200));
    const layer = h.layer as unknown as { servers: Map<string, unknown>; heldServers: HeldTable<unknown> };
    expect(layer.servers.size).toBe(0);
    expect(layer.heldServers.size).toBe(1);
    expect(layer.heldServers.get(tx.id)).not.toBe(tx);
    h.clock.advance(32_000 + HELD_GRAIN_MS);
    expect(layer.heldServers.size).toBe(0);
  });

  it("T3: MUST terminate at once after the final on a reliable transport (Timer J = 0)", () => {
    const h = harness();
    const request = makeRequest("REGISTER");
    h.layer.receive(request, peer("tcp"));
    const tx = h.requests[0]!.tx!;
    tx.respond(reply(request, 200));
    expect(tx.state).toBe("Terminated");
    expect(h.layer.counts().server).toBe(0);
    expect(h.clock.pending).toBe(0);
    // A late retransmission now creates a new transaction (the TU sees it again), as over TCP it cannot happen.
  });
});
