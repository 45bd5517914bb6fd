import { describe, expect, it } from "bun:test";
import { readdirSync } from "node:fs";
import { parseMessage, SipRequestError } from "./parse.ts";
import { createResponse } from "./response.ts";
import { serializeMessage } from "./serialize.ts";
import { SipParseError } from "./types.ts";
import { expectedStatus, loadCase, TORTURE_CASES } from "./testdata/torture/cases.ts";

describe("T1: torture corpus (RFC 4475 / RFC 5118 style)", () => {
  it("T1: MUST have one fixture file per case and one case per fixture", () => {
    const files = readdirSync(`${import.meta.dir}/testdata/torture`).filter((f) => f.endsWith(".sip")).sort();
    expect(TORTURE_CASES.map((c) => c.file).sort()).toEqual(files);
  });

  for (const c of TORTURE_CASES) {
    if (c.expect === "valid") {
      it(`T1: MUST accept ${c.name} (${c.modelledOn})`, () => {
        const message = parseMessage(loadCase(c.name));
        if (c.observe) expect(c.observe(message)).toEqual(c.want!);
      });
    } else if (c.expect === "drop") {
      it(`T1: MUST drop ${c.name} without an answer (${c.note})`, () => {
        let error: unknown;
        try {
          parseMessage(loadCase(c.name));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SipParseError);
        expect(error).not.toBeInstanceOf(SipRequestError);
      });
    } else {
      const status = expectedStatus(c)!;
      it(`T1: MUST reject ${c.name} with ${status} (${c.note})`, () => {
        let error: unknown;
        try {
          parseMessage(loadCase(c.name));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(SipRequestError);
        expect((error as SipRequestError).status).toBe(status);
        // Enough was understood to address the answer, and the answer can be built and sent.
        const partial = (error as SipRequestError).partial;
        expect(partial.headers.has("via")).toBe(true);
        const answer = serializeMessage(createResponse(partial, status));
        expect(answer.startsWith(`SIP/2.0 ${status} `)).toBe(true);
      });
    }
  }

  it("T1: MUST NOT stall on pathological 60 kB inputs (no super-linear backtracking)", () => {
    const base = (extra: string, via = "SIP/2.0/UDP h;branch=z9hG4bKx") =>
      `OPTIONS sip:a@b SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n${extra}\r\nContent-Length: 0\r\n\r\n`;
    const n = 60_000;
    const inputs = [
      base("X: y", `SIP/2.0/UDP h${" ".repeat(n)}x`),
      base("X: y", `SIP/2.0/UDP ${"a".repeat(n)}!`),
      base(`Contact: ${'"'.repeat(n)}`),
      base(`Contact: <sip:a@b>${";p".repeat(n / 2)}`),
      base(`Contact: ${"<sip:a@b>,".repeat(n / 10)}`),
      base(`Contact: ${"w ".repeat(n / 2)}<sip:a@b>!`),
      base(`Contact: "${"\\\"".repeat(n / 3)}`),
      `INVITE sip:${"a".repeat(n)}@${"b.".repeat(n / 4)}! SIP/2.0\r\n\r\n`,
      `${" ".repeat(n)}\r\n\r\n`,
      "\r\n".repeat(n / 2) + "x",
    ];
    for (const input of inputs) {
      const started = performance.now();
      try {
        parseMessage(input);
      } catch (e) {
        if (!(e instanceof SipParseError)) throw e;
      }
      expect(performance.now() - started).toBeLessThan(200);
    }
  });

  it("T1: MUST never throw anything but SipParseError on mutated corpus messages", () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const c of TORTURE_CASES) {
      const base = loadCase(c.name);
      for (let i = 0; i < 25; i++) {
        const bytes = base.slice(0, Math.max(1, Math.floor(rnd() * base.length * 1.1)));
        for (let k = 0; k < 3; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
        try {
          parseMessage(bytes);
        } catch (e) {
          if (!(e instanceof SipParseError)) throw e;
        }
      }
    }
  });
});
