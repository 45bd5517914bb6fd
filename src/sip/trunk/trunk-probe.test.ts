import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import type { ClientTransactionHandlers } from "../transaction/index.ts";
import { TrunkProbe } from "./trunk-probe.ts";

function setup() {
  const clock = new FakeClock();
  const sent: Array<{ request: SipRequest; handlers: ClientTransactionHandlers }> = [];
  const host = {
    clock, log: silentLogger,
    request: (request: SipRequest, _t: unknown, handlers: ClientTransactionHandlers) => void sent.push({ request, handlers }),
    localHostPort: () => ({ host: "192.0.2.10", port: 5060 }),
  };
  const probe = new TrunkProbe(host, { transport: "udp", address: "203.0.113.5", port: 5060 }, 30_000);
  const answer = (status: number, reason: string) => sent.at(-1)!.handlers.onResponse?.({ kind: "response", status, reason, headers: sent.at(-1)!.request.headers, body: "" } as SipResponse);
  return { clock, probe, sent, answer };
}

describe("trunk OPTIONS probe (T7, issue 16)", () => {
  it("T7: MUST mark a carrier up on any final answer (a 404 proves it is there), with the round trip, and probe again each interval", () => {
    const { clock, probe, sent, answer } = setup();
    probe.start();
    expect(sent[0]!.request.method).toBe("OPTIONS");
    expect(sent[0]!.request.uri).toBe("sip:203.0.113.5:5060");
    clock.advance(40);
    answer(404, "Not Found");
    expect(probe.status).toMatchObject({ state: "up", rttMs: 40, lastAnswer: "404 Not Found" });
    clock.advance(30_000);
    expect(sent).toHaveLength(2);
    probe.stop();
    clock.advance(60_000);
    expect(sent).toHaveLength(2);
  });

  it("T7: MUST mark a carrier down when the probe times out", () => {
    const { probe, sent } = setup();
    probe.start();
    sent[0]!.handlers.onTimeout?.();
    expect(probe.status).toMatchObject({ state: "down", lastAnswer: "timeout" });
  });
});
