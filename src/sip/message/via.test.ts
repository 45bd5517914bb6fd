import { describe, expect, it } from "bun:test";
import { SipParseError } from "./types.ts";
import { validateVia } from "./validate.ts";
import { compactVia, parseVia } from "./via.ts";

/** A Via in its compact form, and the same Via with whitespace the full grammar allows (RFC 3261 §20.42, LWS). */
function spaced(v: string): string {
  return v.replace("/", " / ").replace(/ ([^ ]+)$/, "   $1").replace(/;/g, " ;");
}

describe("Via (RFC 3261 §20.42) compact form (issue 12)", () => {
  const compact = [
    "SIP/2.0/UDP 127.0.0.1:7001;branch=z9hG4bK-12345-2-0;rport",
    "SIP/2.0/udp pc33.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5060",
    "SIP/2.0/TCP host-1.example.kr:05060;Branch=z9hG4bKx;TTL=1;maddr_x=a.b",
    "SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks",
    "SIP/2.0/UDP a",
  ];

  it("T1: MUST read the usual Via in one scan with the same result as the full grammar", () => {
    for (const v of compact) {
      const fast = compactVia(v);
      expect(fast).toBeDefined();
      expect(compactVia(spaced(v))).toBeUndefined(); // the spaced form goes through the full grammar …
      expect(parseVia(spaced(v))).toEqual(fast!); // … and reads the same
      expect(validateVia(v)).toEqual(fast!);
    }
    expect(parseVia(compact[2]!)).toMatchObject({ transport: "TCP", host: "host-1.example.kr", port: 5060 });
    expect([...parseVia(compact[2]!).params]).toEqual([["branch", "z9hG4bKx"], ["ttl", "1"], ["maddr_x", "a.b"]]);
  });

  it("T1: MUST leave every other form to the full grammar, which still accepts or refuses it", () => {
    const accepted = [
      "SIP/2.0/UDP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111",
      'SIP/2.0/UDP host;branch=z9hG4bK1;x="quoted value"',
      "SIP/2.0/UDP host;maddr=[2001:db8::1]",
      "SIP/2.0/UDP host:5060 ;branch=z9hG4bK1",
      " SIP/2.0/UDP host",
    ];
    for (const v of accepted) {
      expect(compactVia(v)).toBeUndefined();
      expect(() => validateVia(v)).not.toThrow();
    }
    const refused = [
      "SIP/2.0/UDP host:65536;branch=z9hG4bK1",
      "SIP/2.0/UDP host:123456",
      "SIP/2.0/UDP host;;branch=z9hG4bK1",
      "SIP/2.0/UDP host;branch=z9hG4bK1;",
      "SIP/2.0/UDP host;branch=",
      "SIP/2.0/UDP host:5060x",
      "SIP/2.0/ host",
      "SIP/2.0/UDP",
      "SIP/2.0/UDP [2001:db8:::1]",
    ];
    for (const v of refused) {
      expect(compactVia(v)).toBeUndefined();
      expect(() => validateVia(v)).toThrow(SipParseError);
    }
  });

  it("T1: whatever the scan accepts, the full grammar MUST read the same (random Vias)", () => {
    const pick = (s: string) => s[Math.floor(Math.random() * s.length)]!;
    const alphabet = "aZ09-.!%*_+`'~:;=/ [\"";
    for (let n = 0; n < 3000; n++) {
      let tail = "";
      for (let k = Math.floor(Math.random() * 24); k > 0; k--) tail += pick(alphabet);
      const v = `SIP/2.0/UDP h${tail}`;
      const fast = compactVia(v);
      if (!fast) continue;
      expect(parseVia(spaced(v))).toEqual(fast);
    }
  });
});
