import { networkInterfaces } from "node:os";

/** Picks the address we advertise in Via, Record-Route and SDP for a given peer (T10). */
export class LocalAddress {
  private readonly lan: string;

  constructor(
    private readonly bindAddress: string,
    private readonly externalAddress?: string,
  ) {
    this.lan = bindAddress !== "0.0.0.0" && bindAddress !== "::" ? bindAddress : firstInterfaceAddress();
  }

  /** Loopback peers see loopback; private peers see the LAN address; others the external one when configured. */
  for(peer: string): string {
    if (isLoopback(peer)) return peer.includes(":") ? "::1" : "127.0.0.1";
    if (this.externalAddress && !isPrivate(peer)) return this.externalAddress;
    return this.lan;
  }

  /** Every address that names this server (for Route matching). */
  all(): Set<string> {
    const set = new Set<string>(["127.0.0.1", "::1", "localhost", this.lan]);
    if (this.externalAddress) set.add(this.externalAddress);
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) set.add(i.address);
    return set;
  }
}

function firstInterfaceAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === "IPv4" && !i.internal) return i.address;
  }
  return "127.0.0.1";
}

export function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1";
}

function isPrivate(address: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|fc|fd|fe80)/i.test(address);
}
