import { silentLogger, systemClock } from "../../lib/index.ts";
import { SipServer, type SipServerOptions } from "../sip-server.ts";
import { MemoryBanStore, MemoryCredentialStore, MemoryLocationStore } from "./memory-stores.ts";

/** A SipServer on 127.0.0.1 with a free port and in-memory stores, for integration tests. */
export function testSipServer(overrides: Partial<SipServerOptions> = {}): SipServer {
  const realm = overrides.realm ?? "cc.test";
  return new SipServer({
    bindAddress: "127.0.0.1",
    port: 0,
    realm,
    registrar: { minExpires: 60, maxExpires: 3600, defaultExpires: 600 },
    security: { rateLimitPerSecond: 1000, authFailuresBeforeBan: 50, banSeconds: 60, scannerUserAgents: [] },
    nonceSeconds: 300,
    credentials: new MemoryCredentialStore(realm),
    locations: new MemoryLocationStore(),
    bans: new MemoryBanStore(),
    clock: systemClock,
    log: silentLogger,
    ...overrides,
  });
}
