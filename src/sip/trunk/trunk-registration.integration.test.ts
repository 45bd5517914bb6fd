import { afterEach, describe, expect, it } from "bun:test";
import type { SipServer } from "../sip-server.ts";
import { MemoryCredentialStore } from "../testing/memory-stores.ts";
import { testSipServer } from "../testing/test-server.ts";
import { TrunkRegistrationState } from "./trunk-registration-state.ts";

function server(credentials = new MemoryCredentialStore("carrier")) {
  return testSipServer({ realm: "carrier", credentials });
}

const running: SipServer[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.stop();
});

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await Bun.sleep(20);
}

describe("trunk registration (T7)", () => {
  it("T7: MUST register to a carrier with digest auth and hold the binding", async () => {
    const carrier = server(new MemoryCredentialStore("carrier").add("shop", "s3cret-pass"));
    const appliance = server();
    running.push(carrier, appliance);
    await carrier.start();
    await appliance.start();
    const reg = appliance.registerTrunk({ trunkId: "t1", host: "127.0.0.1", port: carrier.port, transport: "udp", username: "shop", password: "s3cret-pass", expires: 600 });
    await waitFor(() => reg.current === TrunkRegistrationState.Registered);
    expect(reg.current).toBe(TrunkRegistrationState.Registered);
    const bindings = carrier.registrations();
    expect(bindings).toHaveLength(1);
    expect(bindings[0]!.aor).toBe("shop");
    expect(bindings[0]!.source.port).toBe(appliance.port);
    reg.stop();
  });

  it("T7: MUST report failure and back off when the carrier refuses the credentials", async () => {
    const carrier = server(new MemoryCredentialStore("carrier").add("shop", "right-password"));
    const appliance = server();
    running.push(carrier, appliance);
    await carrier.start();
    await appliance.start();
    const reg = appliance.registerTrunk({ trunkId: "t1", host: "127.0.0.1", port: carrier.port, transport: "udp", username: "shop", password: "wrong-password" });
    await waitFor(() => reg.current === TrunkRegistrationState.Failed);
    expect(reg.current).toBe(TrunkRegistrationState.Failed);
    expect(carrier.registrations()).toHaveLength(0);
    reg.stop();
  });
});
