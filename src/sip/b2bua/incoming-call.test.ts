import { describe, expect, it } from "bun:test";
import { parseMessage, type SipRequest } from "../message/index.ts";
import { CallState } from "./call-state.ts";
import { carrier, harness, invite, SDP } from "./test-host.ts";

/** A PRACK in the call's early dialog acknowledging `rseq` (RFC 3262 §7.2). */
function prack(rseq: string, cseq = 1): SipRequest {
  return parseMessage(
    "PRACK sip:cc@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKpr" + rseq + "\r\nMax-Forwards: 70\r\n" +
      "From: <sip:01012345678@192.0.2.1>;tag=c1\r\nTo: <sip:15880000@192.0.2.10>;tag=x\r\nCall-ID: st-1\r\n" +
      `CSeq: ${cseq + 1} PRACK\r\nRAck: ${rseq} ${cseq} INVITE\r\nContent-Length: 0\r\n\r\n`,
  ) as SipRequest;
}

describe("an incoming call's provisional responses (RFC 3262)", () => {
  it("MUST send 18x reliably when the INVITE requires 100rel, answer its PRACK 200, and hold the 2xx until the 183 is acknowledged", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Require: 100rel"]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    call.progress(SDP);
    const p183 = responses.at(-1)!;
    expect([p183.status, p183.headers.get("require")]).toEqual([183, "100rel"]);
    expect(p183.headers.get("contact")).toBeDefined();
    void call.answer(SDP);
    expect(responses.map((r) => r.status)).toEqual([183]); // no 200 before the PRACK
    h.clock.advance(500);
    expect(responses.map((r) => r.status)).toEqual([183, 183]); // retransmitted from T1
    const wrong = h.serverTx(prack("999999"));
    call.handleRequest(wrong.tx.request, wrong.tx);
    expect(wrong.responses.map((r) => r.status)).toEqual([481]);
    const right = h.serverTx(prack(p183.headers.get("rseq")!));
    call.handleRequest(right.tx.request, right.tx);
    expect(right.responses.map((r) => r.status)).toEqual([200]);
    expect(responses.map((r) => r.status)).toEqual([183, 183, 200]);
  });

  it("T7: a caller requiring 100rel answered at once (the ARS) MUST get a reliable 180 first and the 200 only after its PRACK", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Require: 100rel"]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    void call.answer(SDP);
    const p180 = responses.at(-1)!;
    expect([p180.status, p180.headers.get("require")]).toEqual([180, "100rel"]);
    expect(responses.map((r) => r.status)).toEqual([180]);
    const right = h.serverTx(prack(p180.headers.get("rseq")!));
    call.handleRequest(right.tx.request, right.tx);
    expect(responses.map((r) => r.status)).toEqual([180, 200]);
  });

  it("issue 17.3: a call refused before its answer MUST carry the reason it is given in the reason phrase (a desk phone's refused dial)", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite([]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    call.hangup("rejected", "International Calls Not Allowed");
    expect(responses.map((r) => [r.status, r.reason])).toEqual([[403, "International Calls Not Allowed"]]);
  });

  it("T7: a caller not requiring 100rel answered at once MUST get the 200 straight away", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Supported: 100rel"]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    void call.answer(SDP);
    expect(responses.map((r) => r.status)).toEqual([200]);
  });

  it("MAY send plain 18x when the INVITE only supports 100rel, and MUST answer a stray PRACK 481", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Supported: 100rel"]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    call.ring();
    expect([responses[0]!.status, responses[0]!.headers.get("rseq")]).toEqual([180, undefined]);
    h.clock.advance(5000);
    expect(responses).toHaveLength(1);
    const stray = h.serverTx(prack("1"));
    call.handleRequest(stray.tx.request, stray.tx);
    expect(stray.responses.map((r) => r.status)).toEqual([481]);
  });

  it("MUST give the call up with a 5xx when no PRACK comes within 64·T1", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Require: 100rel"]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    const ended: string[] = [];
    call.onEnded.subscribe((e) => void ended.push(e.cause));
    call.ring();
    h.clock.advance(32_000);
    expect(responses.at(-1)!.status).toBe(500);
    expect(ended).toEqual(["rejected"]);
    expect(h.ua.size).toBe(0);
  });
});

describe("an incoming call's 2xx without an ACK (RFC 3261 §13.3.1.4, C11)", () => {
  it("C11: a 200 OK never acknowledged MUST be retransmitted, then the call ended with a BYE after 64·T1, its cause no-ack", async () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite([]));
    const call = h.ua.acceptInvite(tx, carrier)!;
    const ended: { by: string; cause: string }[] = [];
    call.onEnded.subscribe((e) => void ended.push({ by: e.by, cause: e.cause }));
    let answered = false;
    void call.answer(SDP).then(() => (answered = true));
    h.clock.advance(31_000);
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(3); // retransmitted from T1, up to T2
    expect(ended).toEqual([]);
    h.clock.advance(1_000);
    expect(h.requests.map((r) => r.request.method)).toEqual(["BYE"]);
    expect(ended).toEqual([{ by: "local", cause: "no-ack" }]);
    await Promise.resolve();
    expect(answered).toBe(true); // whoever waited on the answer is released, and finds the call ended
    expect(call.state).toBe(CallState.Terminated);
    expect(h.ua.size).toBe(0);
  });
});
