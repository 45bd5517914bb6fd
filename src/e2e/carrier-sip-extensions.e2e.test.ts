/**
 * The SIP extensions carriers speak (issue 16, T7), each against SIPp on real sockets:
 * RFC 3262 reliable provisional responses both ways — a desk phone requiring 100rel gets a
 * reliable 180 and its PRACK is answered, while the carrier's reliable 180 is PRACKed by the
 * appliance — and RFC 4028 session timers (see the session-timer tests below).
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { addCarrierPeer, endedCallFrom, listCalls, materializeScenario } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { udpExchange } from "./sip-wire.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp");

describe.skipIf(!HAVE_PEERS)("SIP extensions with a carrier (T7, issue 16)", () => {
  let app: Appliance;
  let work: string;
  let carrierPort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-carrier-ext-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, "15880000");
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const carrier = async (scenario: string, extra: string[] = []): Promise<SippProcess> => {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: carrierPort, calls: 1, timeoutMs: 40_000, args: ["-mp", String(await freePort()), ...extra] });
    stops.push(() => p.stop());
    await p.ready;
    return p;
  };

  it("T7: 100rel both ways — a phone requiring it gets a reliable 180 and its PRACK answered; the carrier's reliable 180 is PRACKed", async () => {
    const agent = app.credentials.agents.find((a) => a.extension === "1001")!;
    const far = await carrier("carrier-100rel-uas.xml");
    const number = "0212340001";
    const desk = await runSipp({
      scenario: "desk-100rel.xml", target: `127.0.0.1:${app.sipPort}`, service: number, calls: 1, pauseMs: 1000, localPort: await freePort(),
      inf: writeInjectionCsv(join(work, "desk.csv"), [[agent.extension, agent.sipPassword]]), args: ["-mp", String(await freePort())], timeoutMs: 30_000,
    });
    const why = `--- appliance ---\n${app.logs().slice(-4000)}`;
    expect(desk.successful, `the desk phone's reliable 180, PRACK and call\n${describeSipp(desk)}\n${why}`).toBe(1);
    const c = await far.done;
    expect(c.successful, `the carrier's reliable 180 PRACKed\n${describeSipp(c)}\n${why}`).toBe(1);
    const record = await waitFor(async () => (await listCalls(app)).find((r) => r.to === number && r.endedAt), { timeoutMs: 10_000, what: "the call's record" });
    expect(record).toMatchObject({ direction: "outbound", result: "answered", agent: agent.loginId });
  }, 60_000);

  it("T7: RFC 4028 — a carrier's 90 s session timer is granted (Require: timer) and its UPDATE refresh answered with the interval", async () => {
    // Closed: the appliance plays its messages and hangs up itself, after the refresh.
    await app.api("/api/v1/services/demo/ivr", {
      method: "PUT",
      body: JSON.stringify({ ...(await app.apiJson<Record<string, unknown>>("/api/v1/services/demo/ivr")), hours: {} }),
    });
    const caller = "01055550090";
    const call = await runSipp({
      scenario: materializeScenario("carrier-session-refresh.xml", work, {}), target: `127.0.0.1:${app.sipPort}`, service: "15880000", calls: 1,
      inf: writeInjectionCsv(join(work, "refresh.csv"), [[caller]]), localPort: carrierPort, args: ["-mp", String(await freePort())], timeoutMs: 40_000,
    });
    expect(call.successful, `${describeSipp(call)}\n${app.logs().slice(-3000)}`).toBe(1);
    expect(await endedCallFrom(app, caller)).toMatchObject({ result: "after-hours", to: "15880000" });
  }, 60_000);

  it("T7: RFC 4028 — bad input: a session interval below 90 s is answered 422 with Min-SE: 90, and no call is made of it", async () => {
    const callId = crypto.randomUUID();
    const invite = [
      `INVITE sip:15880000@127.0.0.1:${app.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP {{LOCAL_IP}}:{{LOCAL_PORT}};branch=z9hG4bK${callId.slice(0, 8)};rport`,
      "Max-Forwards: 70",
      "From: <sip:01055550091@{{LOCAL_IP}}>;tag=se30",
      "To: <sip:15880000@127.0.0.1>",
      `Call-ID: ${callId}`,
      "CSeq: 1 INVITE",
      "Contact: <sip:01055550091@{{LOCAL_IP}}:{{LOCAL_PORT}}>",
      "Supported: timer",
      "Session-Expires: 30",
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    const replies = await udpExchange(invite, { host: "127.0.0.1", port: app.sipPort }, { localPort: carrierPort, waitMs: 3000 });
    const final = replies.find((r) => r.status >= 200);
    expect(final?.status, replies.map((r) => r.text).join("\n")).toBe(422);
    expect(final!.text).toMatch(/^Min-SE: 90\r?$/im);
    expect((await listCalls(app)).some((c) => c.from === "01055550091")).toBe(false);
  }, 30_000);
});
