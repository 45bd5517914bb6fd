import { describe, expect, it } from "bun:test";
import { parseMessage } from "./parse.ts";

const request = (lines: string[]) =>
  ["OPTIONS sip:cc@192.0.2.1 SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKl1", "From: <sip:a@192.0.2.9>;tag=1", "To: <sip:cc@192.0.2.1>", "Call-ID: l1", "CSeq: 1 OPTIONS", ...lines, "", ""].join("\r\n");

describe("header lines read in place (issue 12)", () => {
  it("T1: MUST trim names and values as String.prototype.trim does, ASCII or not", () => {
    const m = parseMessage(request(["Subject:\t  hello world \t", "X-Odd : \u00a0 spaced\u00a0\ufeff", "X-Empty:", "X-Bare: a\nb\n"]));
    expect(m.headers.get("subject")).toBe("hello world");
    expect(m.headers.get("x-odd")).toBe("spaced");
    expect(m.headers.get("x-empty")).toBe("");
    expect(m.headers.get("x-bare")).toBe("a\nb");
  });

  it("T1: MUST join folded lines with one space and keep the last header of the message", () => {
    const m = parseMessage(request(["Subject: first", " \t second  ", "\tthird", "Content-Length: 0"]));
    expect(m.headers.get("subject")).toBe("first second third");
    expect(m.headers.get("content-length")).toBe("0");
  });
});
