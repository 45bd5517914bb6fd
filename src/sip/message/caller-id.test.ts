import { describe, expect, it } from "bun:test";
import { callerIdentity } from "./caller-id.ts";
import { parseMessage } from "./parse.ts";
import type { SipRequest } from "./types.ts";

const invite = (...extra: string[]) =>
  parseMessage(
    [
      "INVITE sip:07055550001@192.0.2.10 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKc1",
      "To: <sip:07055550001@192.0.2.10>",
      "Call-ID: cid-1",
      "CSeq: 1 INVITE",
      ...extra,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  ) as SipRequest;

describe("caller ID from the carrier (T7, RFC 3325)", () => {
  it("T7: MUST take P-Asserted-Identity first, then Remote-Party-ID, then From", () => {
    const from = "From: <sip:trunkuser@carrier.example>;tag=a";
    expect(callerIdentity(invite(from, "P-Asserted-Identity: <sip:01012345678@carrier.example>", 'Remote-Party-ID: "X" <sip:0299998888@c>'), true)).toEqual({ number: "01012345678", withheld: false });
    expect(callerIdentity(invite(from, "P-Asserted-Identity: <tel:+821012345678>"), true).number).toBe("+821012345678");
    expect(callerIdentity(invite(from, "Remote-Party-ID: <sip:0299998888@c>;party=calling;screen=yes"), true).number).toBe("0299998888");
    expect(callerIdentity(invite("From: <sip:01055556666@carrier.example>;tag=a"), true).number).toBe("01055556666");
  });

  it("T7: MUST show a caller who withheld the number as withheld (Privacy: id, RPID privacy, anonymous)", () => {
    const pai = "P-Asserted-Identity: <sip:01012345678@carrier.example>";
    expect(callerIdentity(invite("From: <sip:01012345678@c>;tag=a", pai, "Privacy: id"), true)).toEqual({ number: "anonymous", withheld: true });
    expect(callerIdentity(invite('From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a', pai, "Privacy: id;critical"), true).withheld).toBe(true);
    expect(callerIdentity(invite('From: "Anonymous" <sip:anonymous@anonymous.invalid>;tag=a'), true).withheld).toBe(true);
    expect(callerIdentity(invite("From: <sip:0211112222@c>;tag=a", "Remote-Party-ID: <sip:0211112222@c>;privacy=full"), true).withheld).toBe(true);
  });

  it("T9: MUST NOT believe an identity asserted by a phone (untrusted), only its From", () => {
    const r = invite("From: <sip:1001@cc>;tag=a", "P-Asserted-Identity: <sip:15880000@cc>", "Privacy: id");
    expect(callerIdentity(r, false)).toEqual({ number: "1001", withheld: false });
  });
});
