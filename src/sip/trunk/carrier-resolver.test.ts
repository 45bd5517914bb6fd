import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { createResponse, type SipRequest } from "../message/index.ts";
import type { ClientTransactionHandlers } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { CarrierAddresses, resolveCarrier, type DnsResolver } from "./carrier-resolver.ts";
import { TrunkProbe } from "./trunk-probe.ts";
import { TrunkRegistrationState } from "./trunk-registration-state.ts";
import { TrunkRegistration } from "./trunk-registration.ts";

const settle = () => new Promise((r) => setTimeout(r, 0));

/** A fake DNS: SRV and A records by name; asked names are kept. */
function fakeDns(srv: Record<string, { name: string; port: number; priority: number; weight: number }[]>, a: Record<string, string[]>) {
  const asked: string[] = [];
  const resolver: DnsResolver = {
    resolveSrv: async (name) => (asked.push(`SRV ${name}`), srv[name] ?? Promise.reject(new Error("ENOTFOUND"))),
    lookup: async (host) => (asked.push(`A ${host}`), a[host] ?? Promise.reject(new Error("ENOTFOUND"))),
  };
  return { resolver, asked };
}

describe("carrier host names resolved per RFC 3263 (T7)", () => {
  const dns = fakeDns(
    {
      "_sip._udp.sip.carrier.example": [
        { name: "backup.carrier.example", port: 5080, priority: 20, weight: 10 },
        { name: "edge1.carrier.example", port: 5070, priority: 10, weight: 5 },
      ],
    },
    { "edge1.carrier.example": ["198.51.100.1"], "backup.carrier.example": ["198.51.100.2"], "sip.carrier.example": ["198.51.100.9"], "plain.example": ["203.0.113.4"] },
  );

  it("MUST use SRV records by priority for a host name on the default port, each target's A records in turn", async () => {
    expect(await resolveCarrier({ host: "sip.carrier.example", port: 5060, transport: "udp" }, dns.resolver)).toEqual([
      { transport: "udp", address: "198.51.100.1", port: 5070 },
      { transport: "udp", address: "198.51.100.2", port: 5080 },
    ]);
  });

  it("MUST fall back to A/AAAA on 5060 without SRV, use only A/AAAA with an explicit port, and take an IP address as it is", async () => {
    expect(await resolveCarrier({ host: "plain.example", port: 5060, transport: "tcp" }, dns.resolver)).toEqual([{ transport: "tcp", address: "203.0.113.4", port: 5060 }]);
    dns.asked.length = 0;
    expect(await resolveCarrier({ host: "sip.carrier.example", port: 5099, transport: "udp" }, dns.resolver)).toEqual([{ transport: "udp", address: "198.51.100.9", port: 5099 }]);
    expect(dns.asked).toEqual(["A sip.carrier.example"]);
    expect(await resolveCarrier({ host: "[2001:db8::5]", port: 5060, transport: "udp" }, dns.resolver)).toEqual([{ transport: "udp", address: "2001:db8::5", port: 5060 }]);
    expect(await resolveCarrier({ host: "nowhere.example", port: 5060, transport: "udp" }, dns.resolver)).toEqual([]);
  });
});

describe("carrier addresses for outbound INVITEs (T7)", () => {
  it("MUST send an INVITE to the address a registration or probe last resolved, to the name before any lookup", async () => {
    const dns = fakeDns({ "_sip._udp.sip.carrier.example": [{ name: "edge1.carrier.example", port: 5070, priority: 1, weight: 1 }] }, { "edge1.carrier.example": ["198.51.100.1"] });
    const addresses = new CarrierAddresses(dns.resolver);
    const carrier = { host: "sip.carrier.example", port: 5060, transport: "udp" as const };
    expect(addresses.lookup(carrier)).toEqual({ transport: "udp", address: "sip.carrier.example", port: 5060 });
    expect(await addresses.refresh(carrier)).toEqual({ transport: "udp", address: "198.51.100.1", port: 5070 });
    expect(addresses.lookup(carrier)).toEqual({ transport: "udp", address: "198.51.100.1", port: 5070 });
  });

  it("a probe MUST resolve the carrier before its OPTIONS, and show a name that resolves to nothing as down", async () => {
    const clock = new FakeClock();
    const sent: Endpoint[] = [];
    const host = (resolver: DnsResolver) => ({
      clock, log: silentLogger, addresses: new CarrierAddresses(resolver), request: (_r: SipRequest, target: Endpoint) => void sent.push(target),
      localHostPort: () => ({ host: "192.0.2.10", port: 5060 }),
    });
    const dns = fakeDns({}, { "sip.carrier.example": ["198.51.100.9"] });
    const probe = new TrunkProbe(host(dns.resolver), { transport: "udp", address: "sip.carrier.example", port: 5060 });
    probe.start();
    await settle();
    expect(sent).toEqual([{ transport: "udp", address: "198.51.100.9", port: 5060 }]);
    probe.stop();
    const lost = new TrunkProbe(host(fakeDns({}, {}).resolver), { transport: "udp", address: "nowhere.example", port: 5060 });
    lost.start();
    await settle();
    expect(lost.status).toMatchObject({ state: "down", lastAnswer: "no address for nowhere.example" });
    lost.stop();
  });
});

/** A registration over a fake host: REGISTERs are kept with where they went. */
function registration(account: Partial<ConstructorParameters<typeof TrunkRegistration>[1]>, resolver: DnsResolver) {
  const clock = new FakeClock();
  const sent: { request: SipRequest; target: Endpoint; handlers: ClientTransactionHandlers }[] = [];
  const reg = new TrunkRegistration(
    { clock, log: silentLogger, addresses: new CarrierAddresses(resolver), request: (request, target, handlers) => sent.push({ request, target, handlers }), localHostPort: () => ({ host: "192.0.2.10", port: 5060 }) },
    { trunkId: "t1", host: "sip.carrier.example", port: 5060, transport: "udp", username: "07012345678", password: "pw", ...account },
  );
  return { clock, sent, reg };
}

describe("registration like a real client (T7)", () => {
  it("MUST register to the address SRV names, keep the carrier's domain in the Request-URI, and refresh by resolving again", async () => {
    const dns = fakeDns({ "_sip._udp.sip.carrier.example": [{ name: "edge1.carrier.example", port: 5070, priority: 10, weight: 5 }] }, { "edge1.carrier.example": ["198.51.100.1"] });
    const { clock, sent, reg } = registration({}, dns.resolver);
    reg.start();
    await settle();
    expect(sent[0]!.target).toEqual({ transport: "udp", address: "198.51.100.1", port: 5070 });
    expect(sent[0]!.request.uri).toBe("sip:sip.carrier.example:5060");
    const ok = createResponse(sent[0]!.request, 200);
    ok.headers.append("expires", "120");
    sent[0]!.handlers.onResponse(ok);
    expect(reg.current).toBe(TrunkRegistrationState.Registered);
    clock.advance(108_000); // 90 % of the granted 120 s
    await settle();
    expect(sent).toHaveLength(2);
    expect(dns.asked.filter((q) => q.startsWith("SRV"))).toHaveLength(2);
    reg.stop();
  });

  it("MUST send through the outbound proxy with a loose Route, and fail with a clear answer when the name resolves to nothing", async () => {
    const dns = fakeDns({}, { "proxy.carrier.example": ["198.51.100.7"] });
    const { sent, reg } = registration({ outboundProxy: "proxy.carrier.example:5070" }, dns.resolver);
    reg.start();
    await settle();
    expect(sent[0]!.target).toEqual({ transport: "udp", address: "198.51.100.7", port: 5070 });
    expect(sent[0]!.request.headers.get("route")).toBe("<sip:proxy.carrier.example:5070;lr>");
    expect(sent[0]!.request.uri).toBe("sip:sip.carrier.example:5060");
    reg.stop();

    const lost = registration({ host: "nowhere.example" }, fakeDns({}, {}).resolver);
    lost.reg.start();
    await settle();
    expect(lost.sent).toHaveLength(0);
    expect(lost.reg.current).toBe(TrunkRegistrationState.Failed);
    expect(lost.reg.lastAnswer).toBe("no address for nowhere.example");
    lost.reg.stop();
  });

  it("MUST register over TLS to the SRV target of _sips._tcp (port 5061), with a TLS Via and Contact", async () => {
    const dns = fakeDns({ "_sips._tcp.sip.carrier.example": [{ name: "tls.carrier.example", port: 5061, priority: 1, weight: 1 }] }, { "tls.carrier.example": ["198.51.100.3"] });
    const { sent, reg } = registration({ transport: "tls", port: 5061 }, dns.resolver);
    reg.start();
    await settle();
    expect(sent[0]!.target).toEqual({ transport: "tls", address: "198.51.100.3", port: 5061 });
    expect(sent[0]!.request.headers.get("via")).toStartWith("SIP/2.0/TLS ");
    expect(sent[0]!.request.headers.get("contact")).toContain(";transport=tls");
    reg.stop();
  });
});
