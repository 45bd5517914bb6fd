/** The running appliance's network, as main.ts knows it (SIP server and settings). */
export interface NetworkFacts {
  bindAddress: string;
  /** CC_EXTERNAL_ADDRESS, when set. */
  externalAddress?: string;
  sipPort: number;
  /** 0: off. */
  sipTlsPort: number;
  httpPort: number;
  /** 0: off. */
  httpsPort: number;
  rtp: { min: number; max: number };
  /** The address the SIP server puts in Via, Contact and SDP for a peer at `address` (T10). */
  advertisedFor(address: string): string;
}

/** One port (range) a router in front of the appliance must forward to it. */
export interface Forward {
  protocol: "UDP" | "TCP";
  ports: string;
  what: "sip" | "sipTls" | "rtp" | "https" | "http";
}

/** What the NAT page shows: the addresses in use and what to forward (T10, issue 11). */
export interface NetworkView {
  facts: NetworkFacts;
  /** What a phone or carrier on the internet is told (documentation range 203.0.113.1 stands for one). */
  internetSees: string;
  /** What a phone on the office LAN is told. */
  lanSees: string;
  forwards: Forward[];
  /** Internet peers would be given a private address: set CC_EXTERNAL_ADDRESS. */
  externalMissing: boolean;
  /** The configured external address is really what internet peers are given in SDP and Contact. */
  externalUsed: boolean;
}

const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|fc|fd|fe80|::1$)/i;

/** Read-only facts of the network for the pages; main.ts attaches the live SIP server's view. */
export class NetworkAdmin {
  private facts?: NetworkFacts;

  attach(facts: NetworkFacts): void {
    this.facts = facts;
  }

  view(): NetworkView | undefined {
    const f = this.facts;
    if (!f) return undefined;
    const internetSees = f.advertisedFor("203.0.113.1");
    const forwards: Forward[] = [
      { protocol: "UDP", ports: String(f.sipPort), what: "sip" },
      { protocol: "TCP", ports: String(f.sipPort), what: "sip" },
      ...(f.sipTlsPort > 0 ? [{ protocol: "TCP" as const, ports: String(f.sipTlsPort), what: "sipTls" as const }] : []),
      { protocol: "UDP", ports: `${f.rtp.min}-${f.rtp.max}`, what: "rtp" },
      ...(f.httpsPort > 0 ? [{ protocol: "TCP" as const, ports: String(f.httpsPort), what: "https" as const }] : [{ protocol: "TCP" as const, ports: String(f.httpPort), what: "http" as const }]),
    ];
    return {
      facts: f,
      internetSees,
      lanSees: f.advertisedFor("192.168.1.10"),
      forwards,
      externalMissing: !f.externalAddress && PRIVATE.test(internetSees),
      externalUsed: f.externalAddress !== undefined && internetSees === f.externalAddress,
    };
  }
}
