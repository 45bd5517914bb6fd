import { describe, expect, it } from "bun:test";
import { callerHeaders, proxyRoute } from "./caller-headers.ts";

describe("caller presentation on a carrier INVITE (T7, RFC 3325)", () => {
  const base = { callerId: "0212345678", domain: "sip.carrier.example", assertIdentity: true, fromUser: "number" as const };

  it("T7: MUST send the service's number in From and P-Asserted-Identity by default", () => {
    expect(callerHeaders(base)).toEqual({ fromUser: "0212345678", headers: [["p-asserted-identity", "<sip:0212345678@sip.carrier.example>"]] });
  });

  it("T7: MUST put the trunk's account in From when the carrier wants it, the number staying in P-Asserted-Identity", () => {
    expect(callerHeaders({ ...base, fromUser: "account", account: "07012345678" })).toEqual({
      fromUser: "07012345678",
      headers: [["p-asserted-identity", "<sip:0212345678@sip.carrier.example>"]],
    });
    expect(callerHeaders({ ...base, assertIdentity: false }).headers).toEqual([]);
  });

  it("T7: a withheld caller MUST go out as anonymous with Privacy: id, the number only in P-Asserted-Identity", () => {
    expect(callerHeaders({ ...base, withheld: true })).toEqual({
      fromUser: "anonymous",
      headers: [["p-asserted-identity", "<sip:0212345678@sip.carrier.example>"], ["privacy", "id"]],
    });
    expect(callerHeaders({ ...base, callerId: "anonymous" })).toEqual({ fromUser: "anonymous", headers: [["privacy", "id"]] });
  });

  it("T7: MUST route through an outbound proxy with a loose-routing Route, and refuse a malformed one", () => {
    expect(proxyRoute("proxy.carrier.example", "udp")).toEqual({ route: "<sip:proxy.carrier.example:5060;lr>", host: "proxy.carrier.example", port: 5060 });
    expect(proxyRoute("[2001:db8::1]:5070", "tcp")).toEqual({ route: "<sip:[2001:db8::1]:5070;transport=tcp;lr>", host: "2001:db8::1", port: 5070 });
    expect(proxyRoute("a b:c", "udp")).toBeUndefined();
  });
});
