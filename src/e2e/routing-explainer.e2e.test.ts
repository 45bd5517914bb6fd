/**
 * Routing explainer end to end (issue 17 point 3): real SIPp callers through a trusted carrier
 * peer, SIPp desk phones answering as agent1 and agent3, agent2 ready but with no phone
 * registered. When the last caller comes, one agent is on a call, one in the wrap-up after a call
 * and agent2's phone is unregistered: the trail read through the API and the call's page names
 * each reason with its fact.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";
import { addCarrierPeer, agentState, allAway, endedCallFrom, findPcapDir, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";
import { signInToPages } from "./page-session.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("routing explainer with real SIPp peers (issue 17 point 3)", () => {
  let app: Appliance;
  let work: string;
  let target: string;
  /** More carriers (each its own trusted source port and number), so three callers can be up at once. */
  const NUMBERS = [SERVICE_NUMBER, "15880001", "15880002"];
  const ports: number[] = [];
  const background: SippProcess[] = [];

  beforeAll(async () => {
    work = tempDir("cc-explainer-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    target = `127.0.0.1:${app.sipPort}`;
    for (const [i, number] of NUMBERS.entries()) {
      ports.push(await freePort());
      await addCarrierPeer(app, ports[i]!, number, "demo", `SIPp carrier ${i + 1}`);
    }
    await tuneFlow(app, { wrapUpSeconds: 120, ringTimeoutSeconds: 6, delayThresholdSeconds: 60 });
  }, 60_000);

  afterAll(async () => {
    for (const s of background) await s.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const agent = (ext: string) => app.credentials.agents.find((x) => x.extension === ext)!;

  /** A carrier caller (SIPp) picking key 1, waiting `waitMs` in the queue, in the background. */
  async function caller(scenario: string, number: string, waitMs: number, peer: 0 | 1 | 2): Promise<SippProcess> {
    const path = materializeScenario(scenario, work, { PCAP_DIR: PCAP_DIR! });
    const csv = writeInjectionCsv(join(work, `caller-${number}.csv`), [[number]]);
    const p = startSipp({
      scenario: path, target, inf: csv, service: NUMBERS[peer], calls: 1, localPort: ports[peer], pauseMs: waitMs,
      args: ["-mp", String(await freePort())], timeoutMs: waitMs + 40_000,
    });
    background.push(p);
    return p;
  }

  /** Register `ext` and answer one call there (SIPp UAS). */
  async function deskPhone(ext: string): Promise<void> {
    const port = await freePort();
    const csv = writeInjectionCsv(join(work, `phone-${ext}.csv`), [[ext, agent(ext).sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target, inf: csv, calls: 1, localPort: port, timeoutMs: 10_000 });
    expect(reg.successful, `REGISTER ${ext}\n${describeSipp(reg)}`).toBe(1);
    background.push(startSipp({ scenario: "uas-answer.xml", target, localPort: port, calls: 1, args: ["-mp", String(await freePort())], timeoutMs: 60_000 }));
  }

  it("C5, C11: MUST name each agent's reason — on a call, wrap-up until, phone unregistered — in the API and on the call's page", async () => {
    await allAway(app);
    await deskPhone("1001");
    await deskPhone("1003");
    const [a1, a2, a3] = ["1001", "1002", "1003"].map((e) => agent(e).loginId);
    await setAgentState(app, a1!, "ready");
    await setAgentState(app, a3!, "ready");
    // Two callers at once: one talks about 7 s and hangs up (its agent goes to wrap-up), one stays on the line.
    const short = await caller("carrier-queue-call.xml", "01020000001", 0, 1);
    await caller("carrier-queue-call.xml", "01020000002", 8000, 0);
    await waitFor(async () => ((await agentState(app, a1!)) === "on-call" && (await agentState(app, a3!)) === "on-call") || undefined, {
      timeoutMs: 15_000, intervalMs: 250, what: "both desk phones on a call",
    });
    // agent2 is ready but no phone of 1002 ever registered. The last caller reaches the queue about
    // 9 s from now (greeting, key), when the short call has ended (wrap-up) and the long one is still up.
    await setAgentState(app, a2!, "ready");
    const last = await caller("carrier-abandon.xml", "01020000003", 2500, 2);
    await Promise.race([short.done, sleep(12_000)]);
    const states = async () => [await agentState(app, a1!), await agentState(app, a3!)];
    await waitFor(async () => ((await states()).includes("wrap-up") ? true : undefined), { timeoutMs: 5000, intervalMs: 200, what: "one agent in wrap-up" });
    const [s1] = await states();
    const wrapped = s1 === "wrap-up" ? a1! : a3!;
    const talking = wrapped === a1 ? a3! : a1!;
    await Promise.race([last.done, sleep(20_000)]);
    const call = await endedCallFrom(app, "01020000003");

    const trail = await app.apiJson<{ steps: { step: string; text: string; agents?: string[]; detail: Record<string, unknown> }[] }>(
      `/api/v1/services/demo/calls/${encodeURIComponent(call.callId)}/trail?lang=en`,
    );
    const dump = JSON.stringify(trail.steps.map((s) => [s.text, s.agents]), null, 1);
    expect(trail.steps[0]!.text, dump).toBe(`Dialled ${NUMBERS[2]} → service "${trail.steps[0]!.detail.serviceName}"`);
    expect(trail.steps.find((s) => s.step === "hours")!.text, dump).toMatch(/^Open — /);
    expect(trail.steps.find((s) => s.step === "key")!.text, dump).toMatch(/^pressed 1: to queue/);
    const lines = trail.steps.flatMap((s) => s.agents ?? []);
    expect(lines.some((l) => new RegExp(`^${talking}: on a call since \\d\\d:\\d\\d$`).test(l)), dump).toBe(true);
    expect(lines.some((l) => new RegExp(`^${wrapped}: wrap-up until \\d\\d:\\d\\d$`).test(l)), dump).toBe(true);
    // agent2: the offer to a phone with no registration fails at once, and the next round says why agent2 is out.
    const texts = trail.steps.map((s) => s.text);
    const unregistered = texts.some((t) => t.startsWith(`${a2}: phone unregistered`)) || lines.some((l) => new RegExp(`^${a2}: phone (unregistered|unreachable)`).test(l));
    expect(unregistered, dump).toBe(true);
    expect(texts.at(-1), dump).toBe("End: caller gave up waiting");

    // The call's page says the same in Korean.
    const pages = await signInToPages(app);
    const html = await (await pages.get(`/admin/services/demo/history/calls/${encodeURIComponent(call.callId)}`)).text();
    expect(html).toContain('data-testid="call-trail"');
    expect(html).toContain(`${talking}: 통화 중`);
    expect(html).toMatch(new RegExp(`${wrapped}: 후처리 중 \\(\\d\\d:\\d\\d까지\\)`));
    expect(html).toMatch(new RegExp(`${a2}: (전화기 미등록|전화기 연결 불가)`));
    expect((await app.api("/api/v1/services/demo/calls/no-such-call/trail")).status).toBe(404);
  }, 60_000);
});
