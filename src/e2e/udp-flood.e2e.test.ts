/**
 * T9 hostile input: a UDP flood from 127.0.0.2 (OPTIONS as fast as one socket sends them, a bounded
 * count) is throttled per source while SIPp registers from 127.0.0.1 with digest authentication:
 * the legitimate registrations succeed, the flooder gets only its per-source share of answers,
 * and the appliance stays healthy with bounded memory.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, startAppliance, tempDir, type Appliance } from "./harness.ts";
import { runSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_SIPP = haveBinaries("sipp");
const RATE = 100; // CC_SIP_RATE_LIMIT: requests per second per source (burst twice that)
const FLOOD = 20_000;
const REGISTRATIONS = 50;

const rss = async (app: Appliance) => Number(/^process_resident_memory_bytes (\d+)/m.exec(await (await fetch(`${app.baseUrl}/metrics`)).text())?.[1] ?? NaN);

describe.skipIf(!HAVE_SIPP)("UDP flood from one address (T9)", () => {
  let work: string;
  let app: Appliance | undefined;

  beforeAll(() => {
    work = tempDir("cc-flood-e2e-");
  });
  afterAll(async () => {
    await app?.stop();
    cleanupDir(work);
  });

  it("T9: MUST throttle a flood from one address while another address still registers (>= 99 %)", async () => {
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: String(RATE) } });
    const live = app;
    const before = await rss(live);
    let answers = 0;
    const flooder = await Bun.udpSocket({ hostname: "127.0.0.2", port: 0, socket: { data: () => void answers++ } });
    const options = (i: number) =>
      `OPTIONS sip:127.0.0.1:${live.sipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:${flooder.port};branch=z9hG4bKflood${i};rport\r\n` +
      `From: <sip:flood@127.0.0.2>;tag=f${i}\r\nTo: <sip:127.0.0.1>\r\nCall-ID: flood-${i}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    const started = Date.now();
    const flood = (async () => {
      // Bounded: FLOOD messages in batches of 200 per millisecond tick (about 5,000–20,000 a second here).
      for (let i = 0; i < FLOOD; i += 200) {
        for (let k = i; k < i + 200; k++) flooder.send(options(k), live.sipPort, "127.0.0.1");
        await Bun.sleep(1);
      }
    })();

    const agent = live.credentials.agents.find((a) => a.extension === "1001")!;
    const reg = await runSipp({
      scenario: "register.xml", target: `127.0.0.1:${live.sipPort}`, localIp: "127.0.0.1", localPort: await freePort(),
      inf: writeInjectionCsv(join(work, "users.csv"), [["1001", agent.sipPassword]]), calls: REGISTRATIONS, rate: 25, limit: 5, timeoutMs: 30_000,
    });
    await flood;
    const floodSeconds = (Date.now() - started) / 1000;
    await Bun.sleep(500); // the last answers in flight
    flooder.close();

    expect(reg.successful, `${reg.errors}\n${reg.screen.slice(-1500)}`).toBeGreaterThanOrEqual(Math.ceil(REGISTRATIONS * 0.99));
    // The flooder got its burst and its per-second share, nowhere near what it sent.
    const allowed = 2 * RATE + RATE * (floodSeconds + 1);
    expect(answers, `${answers} answers to ${FLOOD} requests in ${floodSeconds.toFixed(1)} s`).toBeLessThanOrEqual(allowed);
    expect(answers).toBeGreaterThan(0);
    expect(live.logs()).toContain("SECURITY rate-limit source=127.0.0.2");
    expect((await fetch(`${live.baseUrl}/healthz`)).status).toBe(200);
    const after = await rss(live);
    expect(after - before, `RSS ${before} → ${after}`).toBeLessThan(100 * 1024 * 1024);
    console.log(`flood: ${FLOOD} OPTIONS in ${floodSeconds.toFixed(1)} s from 127.0.0.2 → ${answers} answered; ${reg.successful}/${REGISTRATIONS} registrations from 127.0.0.1; RSS +${((after - before) / 1048576).toFixed(1)} MB`);
  }, 60_000);
});
