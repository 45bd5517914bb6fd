import { describe, expect, it } from "bun:test";
import { isIPv4, isIPv6 } from "./ip.ts";
import { parseUri } from "./uri.ts";
import { parseVia } from "./via.ts";

describe("T1: IPv4/IPv6 references (RFC 5118)", () => {
  it("T1: MUST accept valid IPv6 forms and refuse broken ones", () => {
    for (const ok of ["::1", "2001:db8::10", "2001:db8::10:5070", "::ffff:192.0.2.10", "2001:db8::192.0.2.1", "1:2:3:4:5:6:7:8", "fe80::", "::"]) {
      expect(isIPv6(ok)).toBe(true);
    }
    for (const bad of ["2001:db8:::192.0.2.1", "1:2:3:4:5:6:7:8:9", "2001:db8::zz", "1::2::3", "12345::1", "::ffff:300.1.1.1", ""]) {
      expect(isIPv6(bad)).toBe(false);
    }
    expect(isIPv4("192.0.2.1")).toBe(true);
    expect(isIPv4("256.0.0.1")).toBe(false);
  });

  it("T1: MUST parse IPv6 hosts in URIs and Vias with and without port", () => {
    expect(parseUri("sip:[2001:db8::10]:5070;transport=tcp")).toMatchObject({ host: "2001:db8::10", port: 5070 });
    expect(parseUri("sip:u@[2001:db8::10:5070]").port).toBeUndefined();
    expect(parseVia("SIP/2.0/TCP [2001:db8::9:1]:6050;branch=z9hG4bKx")).toMatchObject({ host: "2001:db8::9:1", port: 6050 });
    expect(parseVia("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKx").port).toBeUndefined();
    expect(() => parseUri("sip:[2001:db8:::1]")).toThrow();
    expect(() => parseVia("SIP/2.0/UDP [2001:db8:::1];branch=z9hG4bKx")).toThrow();
  });
});
