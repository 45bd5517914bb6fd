import { describe, expect, it } from "bun:test";
import { parseMessage } from "./parse.ts";
import { serializeMessage } from "./serialize.ts";
import { loadCase, TORTURE_CASES } from "./testdata/torture/cases.ts";
import { createResponse } from "./response.ts";
import type { SipMessage, SipRequest } from "./types.ts";

function shape(m: SipMessage) {
  const start = m.kind === "request" ? `${m.method} ${m.uri}` : `${m.status} ${m.reason}`;
  return { start, headers: [...m.headers].filter(([n]) => n !== "content-length"), body: m.body };
}

describe("T1: serializer", () => {
  for (const c of TORTURE_CASES.filter((c) => c.expect === "valid")) {
    it(`T1: MUST round-trip ${c.name} through serialize and parse`, () => {
      const first = parseMessage(loadCase(c.name));
      const wire = serializeMessage(first);
      const second = parseMessage(wire, { stream: true });
      expect(shape(second)).toEqual(shape(first));
      expect(serializeMessage(second)).toBe(wire);
    });
  }

  it("T1: MUST recompute Content-Length in bytes (UTF-8 body)", () => {
    const m = parseMessage(loadCase("compact")) as SipRequest;
    m.body = "상담 연결\r\n";
    const wire = serializeMessage(m);
    expect(wire).toContain(`Content-Length: ${Buffer.byteLength(m.body)}\r\n\r\n상담`);
    expect(wire.match(/content-length/gi)).toHaveLength(1);
  });

  it("T1: MUST write canonical header names and CRLF line ends", () => {
    const m = parseMessage(loadCase("compact")) as SipRequest;
    const wire = serializeMessage(m);
    expect(wire.startsWith("INVITE sip:2001@cc.example.kr SIP/2.0\r\nVia: SIP/2.0/UDP")).toBe(true);
    for (const name of ["From:", "To:", "Call-ID:", "CSeq:", "Contact:", "Supported:", "Subject:", "Content-Type:"]) {
      expect(wire).toContain(`\r\n${name} `);
    }
    expect(wire.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("T1: MUST build responses that copy Via, From, To (+tag), Call-ID and CSeq (RFC 3261 §8.2.6)", () => {
    const invite = parseMessage(loadCase("ipv6-mult-ip")) as SipRequest;
    const r = createResponse(invite, 486, undefined, "abc");
    expect(r.headers.getAll("via")).toEqual(invite.headers.getAll("via"));
    expect(r.headers.get("to")).toBe(`${invite.headers.get("to")};tag=abc`);
    expect(r.headers.get("call-id")).toBe(invite.headers.get("call-id")!);
    const wire = serializeMessage(r);
    expect(wire.startsWith("SIP/2.0 486 Busy Here\r\n")).toBe(true);
    expect(parseMessage(wire).kind).toBe("response");
  });
});
