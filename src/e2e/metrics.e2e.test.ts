/**
 * End-to-end X6: a carrier call through SIPp (the trusted peer calls the demo number, presses 1,
 * talks) is answered by agent1 (a SIPp UAS registered as 1001); then `/metrics` shows the call
 * counted under the demo service, its queue wait observed, agents per state and the callback
 * gauges, and the appliance's log has the call's milestones under one call id.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, parseMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, allAway, endedCallFrom, findPcapDir, materializeScenario, setAgentState } from "./call-flow-helpers.ts";

const HAVE_SIPP = haveBinaries("sipp");
const PCAP_DIR = HAVE_SIPP ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";

describe.skipIf(!HAVE_SIPP || !PCAP_DIR)("metrics and call logs end-to-end (X6)", () => {
  let app: Appliance;
  let work: string;
  let phone: SippProcess | undefined;

  beforeAll(async () => {
    work = tempDir("cc-metrics-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
  }, 60_000);

  afterAll(async () => {
    await phone?.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const scrape = async () => (await fetch(`${app.baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) })).text();

  it("X6: MUST count a carrier call answered by an agent in /metrics, with its queue wait, agents and callbacks, and log its milestones", async () => {
    const target = `127.0.0.1:${app.sipPort}`;
    const carrierPort = await freePort();
    await addCarrierPeer(app, carrierPort, SERVICE_NUMBER);
    await allAway(app);

    // agent1's phone: a SIPp UAS registered as 1001 that answers one call.
    const agent = app.credentials.agents.find((a) => a.extension === "1001");
    if (!agent) throw new Error("no demo agent on 1001 in initial-credentials.json");
    const phonePort = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target, localPort: phonePort, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "phone.csv"), [[agent.extension, agent.sipPassword]]),
    });
    expect(reg.successful, `REGISTER 1001\n${describeSipp(reg)}`).toBe(1);
    phone = startSipp({ scenario: "uas-answer.xml", target, localPort: phonePort, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 90_000 });
    await sleep(300);
    await setAgentState(app, agent.loginId, "ready");

    // The carrier calls the service number, presses 1 and talks once answered (about 7 s).
    const caller = "01011119001";
    const call = await runSipp({
      scenario: materializeScenario("carrier-queue-call.xml", work, { PCAP_DIR: PCAP_DIR! }), target, service: SERVICE_NUMBER, calls: 1,
      inf: writeInjectionCsv(join(work, "caller.csv"), [[caller]]), localPort: carrierPort, pauseMs: 3000,
      args: ["-mp", String(await freePort())], timeoutMs: 60_000,
    });
    const why = `${describeSipp(call)}\n--- appliance ---\n${app.logs().slice(-4000)}`;
    expect(call.successful, `carrier call\n${why}`).toBe(1);
    const record = await endedCallFrom(app, caller);
    expect(record.result, JSON.stringify(record)).toBe("answered");

    // Counters move when the record closes; gauges are sampled once a second.
    const labels = { service: "demo", direction: "inbound", result: "answered" };
    await waitFor(async () => (parseMetric(await scrape(), "cc_calls_total", labels) ?? 0) >= 1, { timeoutMs: 5000, what: "cc_calls_total" });
    await waitFor(async () => parseMetric(await scrape(), "cc_agents", { service: "demo", state: "on-call" }) === 0, {
      timeoutMs: 5000, what: "cc_agents{state=on-call} back to 0 after the call",
    });
    const text = await scrape();
    const wait = { service: "demo", queue: "main", result: "answered" };
    const ours = text.split("\n").filter((l) => l.startsWith("cc_")).join("\n");
    expect(parseMetric(text, "cc_queue_wait_seconds_count", wait), ours).toBe(1);
    expect(parseMetric(text, "cc_queue_wait_seconds_sum", wait)).toBeGreaterThan(0);
    expect(parseMetric(text, "cc_queue_waiting", { service: "demo", queue: "main" })).toBe(0);
    expect(parseMetric(text, "cc_queue_longest_wait_seconds", { service: "demo", queue: "main" })).toBe(0);
    const states = ["logged-out", "ready", "away", "ringing", "on-call", "wrap-up", "dialing"];
    const agents = states.map((state) => parseMetric(text, "cc_agents", { service: "demo", state }));
    expect(agents.every((n) => n !== null), `cc_agents per state: ${agents}`).toBe(true);
    expect(agents.reduce((a, b) => a! + b!, 0)).toBe(app.credentials.agents.length);
    for (const state of ["requested", "completed", "deleted", "failed"]) {
      expect(parseMetric(text, "cc_callbacks", { service: "demo", state }), `cc_callbacks{state=${state}}`).toBe(0);
    }
    // The call was recorded (M5): its file counts in the disk use once the record closes.
    await waitFor(async () => (parseMetric(await scrape(), "cc_recordings_bytes") ?? 0) > 44, { timeoutMs: 5000, what: "cc_recordings_bytes > 0" });

    // One info line per milestone, all under the call's id.
    const lines = app
      .logs()
      .split("\n")
      .map(jsonLine)
      .filter((l) => l?.callId === record.callId);
    expect(lines.map((l) => l!.msg)).toEqual(["call arrived", "call queued", "call offered", "call answered", "call ended"]);
    expect(lines.at(-1)!).toMatchObject({ serviceId: "demo", queueId: "main", agent: agent.loginId, result: "answered" });
    await Promise.race([phone.done, sleep(10_000)]);
  }, 120_000);
});

/** One pino line as an object; undefined for anything else the process printed. */
function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined; // a line cut by stderr output arriving in between
  }
}
