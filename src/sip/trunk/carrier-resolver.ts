import { lookup, resolveSrv } from "node:dns/promises";
import { isIP } from "node:net";
import type { Endpoint } from "../transport/index.ts";

/** The DNS a carrier's host name is resolved with (RFC 3263); tests give a fake one. */
export interface DnsResolver {
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  /** A and AAAA addresses of a host. */
  lookup(host: string): Promise<string[]>;
}

/** The system's resolver (node:dns). */
export const systemResolver: DnsResolver = {
  resolveSrv: (name) => resolveSrv(name),
  lookup: async (host) => (await lookup(host, { all: true })).map((a) => a.address),
};

/** RFC 3261 §19.1.2: 5060, and 5061 for TLS. */
const defaultPort = (transport: Endpoint["transport"]) => (transport === "tls" ? 5061 : 5060);

/**
 * Where to send to a carrier named `host` (RFC 3263 §4.2): an IP address as it is; a host name with
 * another port by its A/AAAA records; a host name with the default port by its SRV records
 * (`_sip._udp` or `_sip._tcp`, lowest priority first, then the heaviest weight), each target's
 * addresses in turn, else its own A/AAAA records on the default port. TLS looks up `_sips._tcp` on
 * 5061 (RFC 3263 §4.1). Empty when nothing resolves.
 */
export async function resolveCarrier(
  target: { host: string; port: number; transport: Endpoint["transport"] },
  resolver: DnsResolver = systemResolver,
): Promise<Endpoint[]> {
  const { host, port, transport } = target;
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare)) return [{ transport, address: bare, port }];
  const addresses = async (name: string, p: number): Promise<Endpoint[]> =>
    (await resolver.lookup(name).catch(() => [] as string[])).map((address) => ({ transport, address, port: p }));
  if (port !== defaultPort(transport)) return addresses(host, port);
  const service = transport === "tls" ? `_sips._tcp.${host}` : `_sip._${transport === "udp" ? "udp" : "tcp"}.${host}`;
  const records = await resolver.resolveSrv(service).catch(() => []);
  const ordered = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const out: Endpoint[] = [];
  for (const r of ordered) out.push(...(await addresses(r.name, r.port)));
  return out.length ? out : addresses(host, port);
}

/**
 * The carriers' resolved addresses, shared by their registrations, probes and outbound calls: a
 * registration or a probe resolves afresh (every refresh, every 30 s) and an INVITE, which cannot
 * wait for DNS, goes to the last address found — or to the name itself before the first lookup.
 */
export class CarrierAddresses {
  private readonly known = new Map<string, Endpoint>();

  constructor(private readonly resolver: DnsResolver = systemResolver) {}

  /** Resolve `target` now (RFC 3263) and remember its first address; undefined when nothing resolves. */
  async refresh(target: { host: string; port: number; transport: Endpoint["transport"] }): Promise<Endpoint | undefined> {
    const [first] = await resolveCarrier(target, this.resolver);
    if (first) this.known.set(keyOf(target), first);
    return first;
  }

  /** Where to send to `target` now. */
  lookup(target: { host: string; port: number; transport: Endpoint["transport"] }): Endpoint {
    return this.known.get(keyOf(target)) ?? { transport: target.transport, address: target.host.replace(/^\[(.*)\]$/, "$1"), port: target.port };
  }
}

const keyOf = (t: { host: string; port: number; transport: string }) => `${t.transport}:${t.host}:${t.port}`;
