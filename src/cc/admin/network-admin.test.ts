import { describe, expect, it } from "bun:test";
import { NetworkAdmin, type NetworkFacts } from "./network-admin.ts";

const facts = (over: Partial<NetworkFacts>): NetworkFacts => ({
  bindAddress: "0.0.0.0", sipPort: 5060, sipTlsPort: 5061, httpPort: 8080, httpsPort: 8443, rtp: { min: 10000, max: 20000 },
  advertisedFor: (peer) => (over.externalAddress && !peer.startsWith("192.168.") ? over.externalAddress : "192.168.1.2"),
  ...over,
});

describe("NAT facts (T10, issue 11)", () => {
  it("T10: MUST warn when internet peers would be given a private address, and list the ports to forward", () => {
    const n = new NetworkAdmin();
    expect(n.view()).toBeUndefined();
    n.attach(facts({}));
    const v = n.view()!;
    expect(v).toMatchObject({ internetSees: "192.168.1.2", externalMissing: true, externalUsed: false });
    expect(v.forwards).toEqual([
      { protocol: "UDP", ports: "5060", what: "sip" },
      { protocol: "TCP", ports: "5060", what: "sip" },
      { protocol: "TCP", ports: "5061", what: "sipTls" },
      { protocol: "UDP", ports: "10000-20000", what: "rtp" },
      { protocol: "TCP", ports: "8443", what: "https" },
    ]);
  });

  it("T10: MUST confirm the external address only when the SIP server really gives it to internet peers", () => {
    const n = new NetworkAdmin();
    n.attach(facts({ externalAddress: "203.0.113.50" }));
    expect(n.view()).toMatchObject({ internetSees: "203.0.113.50", lanSees: "192.168.1.2", externalMissing: false, externalUsed: true });
    const ignored = new NetworkAdmin();
    ignored.attach({ ...facts({ externalAddress: "203.0.113.50" }), advertisedFor: () => "10.0.0.5" });
    expect(ignored.view()).toMatchObject({ externalUsed: false });
  });
});
