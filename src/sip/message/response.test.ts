import { describe, expect, it } from "bun:test";
import { parseMessage } from "./parse.ts";
import { createResponse } from "./response.ts";
import type { SipRequest } from "./types.ts";

const invite = (method = "INVITE") =>
  parseMessage(
    [
      `${method} sip:07055550001@192.0.2.10:5060;line=abc SIP/2.0`,
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx1",
      "Record-Route: <sip:192.0.2.1;lr;ftag=a>",
      "Record-Route: <sip:192.0.2.2;lr>",
      "From: <sip:010@192.0.2.1>;tag=a",
      "To: <sip:07055550001@192.0.2.10>",
      "Call-ID: rr-1",
      `CSeq: 1 ${method}`,
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
  ) as SipRequest;

describe("responses (RFC 3261 §8.2.6, §12.1.1)", () => {
  it("T1: MUST copy every Record-Route, in order, into a 2xx or tagged 1xx to an INVITE (§12.1.1)", () => {
    for (const status of [180, 183, 200]) {
      expect(createResponse(invite(), status, undefined, "t1").headers.getAll("record-route")).toEqual(["<sip:192.0.2.1;lr;ftag=a>", "<sip:192.0.2.2;lr>"]);
    }
  });

  it("T1: MUST NOT copy Record-Route into 100, errors or responses to other methods", () => {
    expect(createResponse(invite(), 100).headers.getAll("record-route")).toEqual([]);
    expect(createResponse(invite(), 486, undefined, "t1").headers.getAll("record-route")).toEqual([]);
    expect(createResponse(invite("OPTIONS"), 200, undefined, "t1").headers.getAll("record-route")).toEqual([]);
  });
});
