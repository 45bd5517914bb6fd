import { describe, expect, it } from "bun:test";
import { infoDigit } from "./sip-call-leg.ts";

describe("DTMF by SIP INFO (M3 fallback)", () => {
  it("M3: MUST read application/dtmf-relay bodies", () => {
    expect(infoDigit("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n")).toBe("5");
    expect(infoDigit("Application/DTMF-Relay", "Signal= #\r\n")).toBe("#");
  });

  it("M3: MUST read application/dtmf bodies", () => {
    expect(infoDigit("application/dtmf", "*")).toBe("*");
  });

  it("M3: MUST ignore other INFO bodies", () => {
    expect(infoDigit("application/media_control+xml", "<xml/>")).toBeUndefined();
    expect(infoDigit("application/dtmf-relay", "Signal=Z")).toBeUndefined();
  });
});
