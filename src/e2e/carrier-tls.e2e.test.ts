/**
 * A registration trunk over TLS (issue 16, T7): the appliance registers to a carrier over SIP/TLS
 * (RFC 3261 §26.2), checking the carrier's certificate. The "carrier" is a second appliance (its
 * registrar with digest auth and its own certificate on a TLS port), trusted through
 * NODE_EXTRA_CA_CERTS as a shop would trust its carrier's CA. A carrier whose certificate is not
 * trusted is refused: the trunk shows the failure instead of registering.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { freePort, parseMetric, startAppliance, waitFor, type Appliance } from "./harness.ts";

describe("registration trunk over TLS (T7, issue 16)", () => {
  let carrier: Appliance;
  let app: Appliance;
  let untrusting: Appliance;
  let carrierTls: number;

  beforeAll(async () => {
    carrierTls = await freePort();
    carrier = await startAppliance({ env: { CC_SIP_TLS_PORT: String(carrierTls) } });
    const cert = join(carrier.dataDir, "tls", "cert.pem");
    await waitFor(() => existsSync(cert), { timeoutMs: 10_000, what: "the carrier's certificate" });
    app = await startAppliance({ env: { CC_SIP_TLS_PORT: String(await freePort()), NODE_EXTRA_CA_CERTS: cert } });
    untrusting = await startAppliance({ env: { CC_SIP_TLS_PORT: String(await freePort()) } });
  }, 60_000);

  afterAll(async () => {
    await untrusting?.stop();
    await app?.stop();
    await carrier?.stop();
  });

  const addTrunk = async (on: Appliance) => {
    const account = carrier.credentials.agents.find((a) => a.extension === "1001")!;
    const res = await on.api("/api/v1/trunks", {
      method: "POST",
      body: JSON.stringify({ name: "TLS carrier", mode: "register", host: "127.0.0.1", port: carrierTls, transport: "tls", username: account.extension, password: account.sipPassword }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { trunkId: string }).trunkId;
  };

  it("T7: MUST register to a carrier over TLS whose certificate it trusts", async () => {
    const trunkId = await addTrunk(app);
    await waitFor(async () => parseMetric(await (await fetch(`${app.baseUrl}/metrics`)).text(), "cc_trunk_registered", { trunk: trunkId, state: "registered" }) === 1, {
      timeoutMs: 15_000, what: `registered over TLS\n${app.logs().slice(-2000)}\n--- carrier ---\n${carrier.logs().slice(-2000)}`,
    });
    const trunk = await app.apiJson<{ transport: string; status?: { lastAnswer?: string } }>(`/api/v1/trunks/${trunkId}`);
    expect(trunk).toMatchObject({ transport: "tls", status: { lastAnswer: "200 OK" } });
  }, 30_000);

  it("T7: bad input — a carrier whose certificate is not trusted MUST NOT get the REGISTER; the trunk shows the failure", async () => {
    const trunkId = await addTrunk(untrusting);
    const status = await waitFor(
      async () => {
        const t = await untrusting.apiJson<{ status?: { state: string; lastAnswer?: string } }>(`/api/v1/trunks/${trunkId}`);
        return t.status?.state === "failed" ? t.status : undefined;
      },
      // A TLS connect failure fails the REGISTER at once (RFC 3261 §18.4: a transport error is a 503 now), not at its 32 s timeout.
      { timeoutMs: 8_000, what: `the untrusted carrier refused\n${untrusting.logs().slice(-2000)}` },
    );
    expect(status.lastAnswer).toBe("transport error");
  }, 20_000);
});
