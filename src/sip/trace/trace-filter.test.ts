import { describe, expect, it } from "bun:test";
import { parseMessage } from "../message/index.ts";
import { TraceFilter } from "./trace-filter.ts";

const request = (method: string, uri: string, from: string, to: string, callId: string) =>
  parseMessage(`${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK${callId}${method}\r\nFrom: <${from}>;tag=f\r\nTo: <${to}>\r\nCall-ID: ${callId}\r\nCSeq: 1 ${method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`);
const response = (status: number, from: string, to: string, callId: string) =>
  parseMessage(`SIP/2.0 ${status} X\r\nVia: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKr\r\nFrom: <${from}>;tag=f\r\nTo: <${to}>;tag=t\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`);

describe("SIP trace filter (X6)", () => {
  it("X6: MUST match the number or extension in the Request-URI, From or To user", () => {
    const f = new TraceFilter(["1001"]);
    expect(f.matches(request("INVITE", "sip:1001@pbx", "sip:1002@pbx", "sip:x@pbx", "a"))).toBe(true);
    expect(f.matches(request("MESSAGE", "sip:x@pbx", "sip:1001@pbx", "sip:y@pbx", "b"))).toBe(true);
    expect(f.matches(request("OPTIONS", "sip:pbx", "sip:z@pbx", "sip:1001@pbx", "c"))).toBe(true);
    expect(f.matches(request("INVITE", "sip:10011@pbx", "sip:1002@pbx", "sip:10011@pbx", "d"))).toBe(false);
    expect(f.matches(request("REGISTER", "sip:pbx", "sip:1002@pbx", "sip:1002@pbx", "e"))).toBe(false);
  });

  it("X6: MUST keep every later message of a matching Call-ID, whatever its headers say", () => {
    const f = new TraceFilter(["0215881234", "+82215881234"]);
    expect(f.matches(response(100, "sip:a@b", "sip:c@d", "call-1"))).toBe(false); // not matched yet
    expect(f.matches(request("INVITE", "sip:+82-2-1588-1234@carrier", "sip:01012345678@carrier", "sip:+82215881234@carrier", "call-1"))).toBe(true);
    expect(f.matches(response(180, "sip:a@b", "sip:c@d", "call-1"))).toBe(true);
    expect(f.matches(request("BYE", "sip:agent@10.0.0.5", "sip:a@b", "sip:c@d", "call-1"))).toBe(true);
    expect(f.matches(request("BYE", "sip:agent@10.0.0.5", "sip:a@b", "sip:c@d", "call-2"))).toBe(false);
  });
});
