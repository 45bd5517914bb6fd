import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { createResponse, parseMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import { optionTags, ReliableProvisionals } from "./reliable-provisionals.ts";

const invite = parseMessage(
  [
    "INVITE sip:15880000@192.0.2.10 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKrel1",
    "From: <sip:0101234@192.0.2.1>;tag=c1",
    "To: <sip:15880000@192.0.2.10>",
    "Call-ID: rel-1",
    "CSeq: 7 INVITE",
    "Require: timer, 100rel",
    "Supported: replaces",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n"),
) as SipRequest;

function setup() {
  const clock = new FakeClock();
  const sent: SipResponse[] = [];
  let gaveUp = 0;
  const rel = new ReliableProvisionals(clock, (r) => sent.push(r), 7, () => gaveUp++);
  return { clock, sent, rel, gaveUp: () => gaveUp };
}

describe("reliable provisional responses (RFC 3262 §3)", () => {
  it("MUST read option tags from Require and Supported, whatever their case and spacing", () => {
    expect(optionTags(invite, "require")).toEqual(["timer", "100rel"]);
    expect(optionTags(invite, "supported")).toEqual(["replaces"]);
  });

  it("MUST send a reliable 18x with Require: 100rel and an RSeq, retransmitted from T1 doubling until the PRACK", () => {
    const { clock, sent, rel } = setup();
    rel.send(createResponse(invite, 180, undefined, "t1"));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get("require")).toBe("100rel");
    const rseq = Number(sent[0]!.headers.get("rseq"));
    expect(rseq).toBeGreaterThanOrEqual(1);
    clock.advance(500);
    expect(sent).toHaveLength(2);
    clock.advance(999);
    expect(sent).toHaveLength(2);
    clock.advance(1);
    expect(sent).toHaveLength(3); // at 500, then 1500 (+1000)
    expect(rel.prack(`${rseq} 6 INVITE`)).toBe(false); // the wrong CSeq
    expect(rel.prack(`${rseq + 1} 7 INVITE`)).toBe(false); // the wrong RSeq
    expect(rel.prack(`${rseq} 7 INVITE`)).toBe(true);
    expect(rel.unacknowledged).toBe(false);
    clock.advance(60_000);
    expect(sent).toHaveLength(3);
    expect(rel.prack(`${rseq} 7 INVITE`)).toBe(false); // acknowledged already: 481
    expect(clock.pending).toBe(0);
  });

  it("MUST hold a second reliable response, and a 2xx, until the first is PRACKed; the next RSeq is one higher", () => {
    const { sent, rel } = setup();
    rel.send(createResponse(invite, 180, undefined, "t1"));
    rel.send(createResponse(invite, 183, undefined, "t1"));
    let answered = false;
    rel.whenSettled(() => (answered = true));
    expect(sent.map((r) => r.status)).toEqual([180]);
    const first = Number(sent[0]!.headers.get("rseq"));
    expect(rel.prack(`${first} 7 INVITE`)).toBe(true);
    expect(sent.map((r) => r.status)).toEqual([180, 183]);
    expect(Number(sent[1]!.headers.get("rseq"))).toBe(first + 1);
    expect(answered).toBe(false);
    expect(rel.prack(`${first + 1} 7 INVITE`)).toBe(true);
    expect(answered).toBe(true);
  });

  it("MUST give the INVITE up when no PRACK comes within 64·T1", () => {
    const { clock, rel, gaveUp } = setup();
    rel.send(createResponse(invite, 180, undefined, "t1"));
    clock.advance(31_999);
    expect(gaveUp()).toBe(0);
    clock.advance(1);
    expect(gaveUp()).toBe(1);
    expect(clock.pending).toBe(0);
  });
});
