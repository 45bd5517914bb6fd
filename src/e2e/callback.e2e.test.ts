/**
 * Callbacks end to end (C7, issue 15): two carrier callers (SIPp) press the callback key the
 * prompt names while waiting; the appliance dials the first back by itself — the ready agent's
 * phone (a SIPp UAS registered as 1001) first, then the customer through the carrier trunk (a SIPp
 * UAS) — while the second waits, since only one agent is ready; the second is called back from
 * agent3's desk phone (a SIPp UAC) and the call is linked to its request. Both end completed.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess, type SippResult } from "./sipp-runner.ts";
import { allAway, dtmfPcap, findPcapDir, materializeScenario, setAgentState, tuneFlow } from "./call-flow-helpers.ts";

const HAVE_PEERS = haveBinaries("sipp");
const PCAP_DIR = HAVE_PEERS ? findPcapDir() : undefined;
const SERVICE_NUMBER = "15880000";
const CALLERS = ["01030000001", "01030000002"];

interface Callback {
  id: number;
  number: string;
  state: string;
  tries: number;
  agent: string | null;
  placeAt: string;
  log: { action: string; agent: string | null; note: string | null }[];
}

describe.skipIf(!HAVE_PEERS || !PCAP_DIR)("callbacks end to end (C7, issue 15)", () => {
  let app: Appliance;
  let work: string;
  const ports: Record<string, number> = {};
  const results: Record<string, SippResult> = {};
  const background: SippProcess[] = [];
  let callbackKey = "*";

  const agent = (ext: string) => app.credentials.agents.find((a) => a.extension === ext)!;
  const why = () => `${Object.entries(results).map(([k, r]) => `--- ${k}\n${describeSipp(r)}`).join("\n")}\n--- appliance ---\n${app.logs().slice(-3000)}`;
  const callbacks = () => app.apiJson<Callback[]>("/api/v1/services/demo/callbacks");
  const of = async (number: string) => (await callbacks()).find((c) => c.number === number);

  /** A SIPp UAS on `port`; -aa answers the trunk's OPTIONS probe, which SIPp counts as a call, so it takes several. */
  function uas(scenario: string, port: number, calls = 1): SippProcess {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls, timeoutMs: 90_000, args: ["-aa", "-mp", String(port + 2)] });
    background.push(p);
    return p;
  }

  beforeAll(async () => {
    work = tempDir("cc-callback-e2e-");
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000" } });
    ports.carrier = await freePort();
    ports.inbound = await freePort();
    ports.desk = await freePort();
    // Outbound calls go to the first trunk (its SIPp UAS); callers come from the second's port.
    for (const [name, port, numbers] of [["carrier out", ports.carrier, [{ number: SERVICE_NUMBER, serviceId: "demo" }]], ["carrier in", ports.inbound, []]] as const) {
      const trunk = await app.api("/api/v1/trunks", { method: "POST", body: JSON.stringify({ name, mode: "peer", host: "127.0.0.1", port, numbers }) });
      if (trunk.status !== 201) throw new Error(`POST /trunks → ${trunk.status}: ${await trunk.text()}`);
    }
    callbackKey = (await tuneFlow(app, { ringTimeoutSeconds: 10, wrapUpSeconds: 0, stateAfterCall: "ready", callbackAutoDial: false, callbackTries: 2 })).callbackKey;
    const port = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, calls: 1, localPort: port, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "reg.csv"), [["1001", agent("1001").sipPassword]]),
    });
    if (reg.successful !== 1) throw new Error(`REGISTER 1001: ${describeSipp(reg)}`);
    ports.a1 = port;
    await allAway(app);
  }, 60_000);

  afterAll(async () => {
    for (const p of background) await p.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  it("C7: MUST take the key the prompt names from each waiting caller as a callback request, the call ending as a callback", async () => {
    // Both callers at once from the carrier: press 1 after the greeting, then the callback key; the appliance says it is noted and hangs up.
    const path = materializeScenario("carrier-callback.xml", work, { PCAP_DIR: PCAP_DIR!, CALLBACK_PCAP: dtmfPcap(callbackKey) });
    results.callers = await runSipp({
      scenario: path, target: `127.0.0.1:${app.sipPort}`, inf: writeInjectionCsv(join(work, "callers.csv"), CALLERS.map((c) => [c])),
      service: SERVICE_NUMBER, calls: 2, rate: 10, limit: 2, localPort: ports.inbound, pauseMs: 2000,
      args: ["-aa", "-mp", String(await freePort())], timeoutMs: 60_000,
    });
    expect(results.callers.successful, why()).toBe(2);
    const list = await callbacks();
    expect(list.map((c) => [c.number, c.state]).sort(), why()).toEqual(CALLERS.map((c) => [c, "requested"]));
    const calls = await app.apiJson<{ from: string; result: string }[]>("/api/v1/services/demo/calls");
    expect(calls.filter((c) => CALLERS.includes(c.from)).map((c) => c.result)).toEqual(["callback", "callback"]);
  }, 90_000);

  it("C7: MUST dial a request by itself — the ready agent first, then the customer — never more at once than agents ready, and complete it when answered", async () => {
    const [first, second] = [...(await callbacks())].sort((a, b) => Date.parse(a.placeAt) - Date.parse(b.placeAt));
    const agentPhone = uas("uas-answer.xml", ports.a1!);
    const customer = uas("uas-answer.xml", ports.carrier!, 5);
    await tuneFlow(app, { callbackAutoDial: true });
    await setAgentState(app, "agent1", "ready");
    const done = await waitFor(async () => ((await of(first!.number))?.state === "completed" ? of(first!.number) : undefined), {
      timeoutMs: 20_000, intervalMs: 250, what: `the callback of ${first!.number} completed`,
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${why()}`);
    });
    expect(done!.log.map((l) => [l.action, l.agent]).slice(-2)).toEqual([["dialled", "agent1"], ["completed", "agent1"]]);
    // The one ready agent is on the first return call: the second request waits its turn.
    await sleep(6000); // more than a scheduler pass
    const waiting = await of(second!.number);
    expect(waiting!.state).toBe("requested");
    expect(waiting!.log.map((l) => l.action)).toEqual(["requested"]);
    const returnCall = done!.log.at(-1)!.note!;
    const rec = await app.apiJson<{ direction: string; to: string; agent: string; result: string | null }>(`/api/v1/services/demo/calls/${returnCall}`);
    expect(rec).toMatchObject({ direction: "outbound", to: first!.number, agent: "agent1" });
    // The agent's console ends the call: no more automatic dialling, agent1 away.
    await tuneFlow(app, { callbackAutoDial: false });
    const hang = await app.api("/api/v1/services/demo/agents/agent1/call/hangup", { method: "POST" });
    expect(hang.status, await hang.text()).toBe(200);
    await Promise.race([agentPhone.done, sleep(8000)]);
    await customer.stop();
    await waitFor(async () => (await app.apiJson<{ result: string | null }>(`/api/v1/services/demo/calls/${returnCall}`)).result === "answered", {
      timeoutMs: 5000, intervalMs: 250, what: "the return call closed",
    });
    await setAgentState(app, "agent1", "away");
  }, 60_000);

  it("C7: MUST link a call back from an agent's desk phone to the number's request and complete it", async () => {
    const number = CALLERS[1]!;
    const customer = uas("uas-answer.xml", ports.carrier!, 5);
    results.desk = await runSipp({
      scenario: "uac-call.xml", target: `127.0.0.1:${app.sipPort}`, service: number, calls: 1, localPort: ports.desk, pauseMs: 1500,
      inf: writeInjectionCsv(join(work, "desk.csv"), [["1003", agent("1003").sipPassword]]), args: ["-mp", String(await freePort())], timeoutMs: 30_000,
    });
    await customer.stop();
    expect(results.desk.successful, why()).toBe(1);
    const cb = await of(number);
    expect(cb).toMatchObject({ state: "completed", agent: "agent3" });
    expect(cb!.log.map((l) => [l.action, l.agent])).toEqual([["requested", null], ["dialled", "agent3"], ["completed", "agent3"]]);
  }, 60_000);
});
