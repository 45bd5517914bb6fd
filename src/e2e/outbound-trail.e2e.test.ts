/**
 * Routing explainer for outbound and internal calls end to end (issue 17 point 3), with real peers:
 * the service's first trunk is a carrier that is down (SIPp answering 503), the second a registration
 * trunk at Kamailio, which challenges the INVITE with 407 and relays it once authenticated to the PSTN
 * side (SIPp answering). The API dials for the agent, whose desk phone (SIPp) answers. The trail read
 * from the API and from the call's page MUST name the first trunk's 503, the 407 answered with the
 * trunk's account and the second trunk's answer. Then a desk phone calls an extension whose phone never
 * registered, and again once a registration of 2 s has expired: each trail MUST say so, with the 480
 * the caller got.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { agentCallState, allAway, listCalls, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, parseMetric, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { startKamailio, type Kamailio } from "./kamailio-runner.ts";
import { signInToPages } from "./page-session.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv, type SippProcess } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("sipp", "kamailio");
const ACCOUNT = { username: "07055550021", password: "carrier-pass-trail" };
const DIALLED = "0212345600";

interface TrailJson {
  steps: { step: string; text: string; detail: Record<string, unknown> }[];
}

describe.skipIf(!HAVE_PEERS)("routing explainer for outbound and internal calls with real peers (issue 17 point 3)", () => {
  let app: Appliance;
  let kam: Kamailio;
  let work: string;
  let pstnPort: number;
  const stops: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    work = tempDir("cc-outbound-trail-");
    pstnPort = await freePort();
    kam = await startKamailio({
      cfg: join(import.meta.dir, "kamailio/carrier.cfg"), dir: join(work, "kamailio"), users: [ACCOUNT],
      defines: { PSTN_URI: `sip:127.0.0.1:${pstnPort}` },
    });
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000", CC_BAN_AFTER_FAILURES: "1000", CC_REG_MIN_EXPIRES: "1" } });
  }, 60_000);

  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await app?.stop();
    await kam?.stop();
    if (work) cleanupDir(work);
  });

  const api = (path: string, body?: unknown, method = "POST") =>
    app.api(`/api/v1${path}`, body === undefined ? { method } : { method, body: JSON.stringify(body) });
  const start = async (scenario: string, port: number): Promise<SippProcess> => {
    const p = startSipp({ scenario, target: `127.0.0.1:${app.sipPort}`, localPort: port, calls: 1, timeoutMs: 45_000, args: ["-mp", String(await freePort())] });
    stops.push(() => p.stop());
    return p;
  };
  const callState = (loginId: string) => agentCallState(app, loginId);
  const agent = (ext: string) => app.credentials.agents.find((a) => a.extension === ext)!;
  const trailOf = (callId: string, lang: "ko" | "en") => app.apiJson<TrailJson>(`/api/v1/services/demo/calls/${encodeURIComponent(callId)}/trail?lang=${lang}`);
  const pageOf = async (callId: string) => (await (await signInToPages(app)).get(`/admin/services/demo/history/calls/${encodeURIComponent(callId)}`)).text();

  it("C11 (issue 17.3): an outbound call's page MUST name each trunk tried and its answer — the first trunk's 503 → next, the 407 answered with the trunk's account, the second trunk's 200 — read from the API and the call's HTML page", async () => {
    const downPort = await freePort();
    const trunks = [
      { name: "down carrier", mode: "peer", host: "127.0.0.1", port: downPort, numbers: [{ number: "15889991", serviceId: "demo" }], priority: 0 },
      {
        name: "Kamailio carrier", mode: "register", host: "127.0.0.1", port: kam.port, ...ACCOUNT, numbers: [{ number: ACCOUNT.username, serviceId: "demo" }],
        priority: 1, fromUser: "account", assertIdentity: true,
      },
    ];
    const ids: string[] = [];
    for (const t of trunks) {
      const res = await api("/trunks", t);
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push(((await res.json()) as { trunkId: string }).trunkId);
    }
    await waitFor(
      async () => parseMetric(await (await fetch(`${app.baseUrl}/metrics`)).text(), "cc_trunk_registered", { trunk: ids[1]!, state: "registered" }) === 1,
      { timeoutMs: 15_000, what: `the trunk registered at Kamailio\n${kam.logs().slice(-1500)}` },
    );
    await allAway(app);
    const a1 = agent("1001");
    const phonePort = await freePort();
    const reg = await runSipp({
      scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, localPort: phonePort, calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "phone.csv"), [[a1.extension, a1.sipPassword]]),
    });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    const phone = await start("uas-answer.xml", phonePort);
    // The down carrier answers the appliance's OPTIONS probes of its trunk (-aa), which may reach it before the INVITE
    // (the first probe goes out when the trunk is made, then Timer E); SIPp counts an auto-answered OPTIONS as a call,
    // so no -m: it is stopped after the call (as carrier-outbound.e2e does).
    const down = startSipp({ scenario: "carrier-unavailable.xml", target: `127.0.0.1:${app.sipPort}`, localPort: downPort, timeoutMs: 45_000, args: ["-aa", "-mp", String(await freePort())] });
    stops.push(() => down.stop());
    const pstn = await start("uas-answer.xml", pstnPort);
    await sleep(300);
    await setAgentState(app, a1.loginId, "away");

    const dial = await api(`/services/demo/agents/${a1.loginId}/call/dial`, { number: "02-1234-5600" });
    expect(dial.status, await dial.clone().text()).toBe(201);
    const { callId } = (await dial.json()) as { callId: string };
    const why = () => `--- kamailio ---\n${kam.logs().slice(-2000)}\n--- appliance ---\n${app.logs().slice(-4000)}`;
    try {
      await waitFor(async () => (await callState(a1.loginId)) === "talking", { timeoutMs: 20_000, what: "the call connected through the second trunk" });
    } catch (e) {
      // Under load: say what each peer saw (the phone's INVITE, the carriers').
      await Promise.all([phone.stop(), down.stop(), pstn.stop()]);
      const [ph, dn, ps] = await Promise.all([phone.done, down.stop(), pstn.done]);
      throw new Error(`${String(e)}\n--- phone ---\n${describeSipp(ph)}\n--- down carrier ---\n${describeSipp(dn)}\n--- pstn ---\n${describeSipp(ps)}\n${why()}`);
    }
    await sleep(800);
    expect((await api(`/services/demo/agents/${a1.loginId}/call/hangup`)).status).toBe(200);
    const [p] = await Promise.all([pstn.done, phone.done]);
    const d = await down.stop(); // its 503 and the ACK were seconds ago (the call connected after them)
    expect(d.successful, `the first trunk answered 503\n${describeSipp(d)}`).toBe(1);
    expect(p.successful, `the PSTN side answered\n${describeSipp(p)}\n${why()}`).toBe(1);
    await waitFor(async () => (await listCalls(app)).find((c) => c.callId === callId && c.endedAt), { timeoutMs: 10_000, what: "the call's record closed" });

    const trail = await trailOf(callId, "en");
    const dump = JSON.stringify(trail.steps.map((s) => s.text), null, 1);
    expect(trail.steps.map((s) => s.step), dump).toEqual(["dial", "rule", "caps", "callerId", "trunk", "trunk", "far", "end"]);
    const texts = trail.steps.map((s) => s.text);
    expect(texts[0], dump).toBe(`Dialled by ${a1.loginId} (extension 1001) from the REST API: "02-1234-5600" sent as ${DIALLED}`);
    expect(texts[1], dump).toBe("Outbound rule: domestic number — allowed");
    expect(texts[3], dump).toMatch(/^Caller ID \d+: the service's (caller ID|number \(no caller ID set\))$/);
    expect(texts[4], dump).toBe('Trunk 1 "down carrier" [From the caller ID, with P-Asserted-Identity]: answered 503 → next trunk');
    expect(texts[5], dump).toMatch(new RegExp(`^Trunk 2 "Kamailio carrier" \\[From account ${ACCOUNT.username}, with P-Asserted-Identity\\]: 407 answered with the trunk's account ${ACCOUNT.username} → answered 200 after [\\d.]+ s$`));
    expect(texts[6], dump).toMatch(/^The far end answered, after [\d.]+ s$/);
    expect(texts[7], dump).toBe("End: call completed");

    // The call's page (the service's language, Korean) names the same.
    const html = await pageOf(callId);
    expect(html).toContain('data-testid="call-trail"');
    expect(html).toContain("503 응답 → 다음 트렁크");
    expect(html).toContain(`407 인증 요구에 트렁크 계정 ${ACCOUNT.username}(으)로 응답 → 200 응답 — 연결`);
    expect(html).toContain("상대방 응답");
    for (const id of ids) expect((await api(`/trunks/${id}`, undefined, "DELETE")).status).toBe(204);
  }, 90_000);

  it("C11 (issue 17.3): an internal call to an extension whose phone is not registered MUST have a record whose trail names the agent, their state, the unregistered phone and the 480 — in the API and on the page", async () => {
    const caller = agent("1003");
    const callee = agent("1002");
    await setAgentState(app, callee.loginId, "ready");
    const csv = writeInjectionCsv(join(work, "internal.csv"), [[caller.extension, caller.sipPassword]]);
    const internalCalls = async () => (await listCalls(app)).filter((c) => c.direction === "internal" && c.to === callee.extension && c.endedAt);
    const call = async () => {
      const before = (await internalCalls()).length;
      const r = await runSipp({ scenario: "uac-unregistered.xml", target: `127.0.0.1:${app.sipPort}`, inf: csv, service: callee.extension, calls: 1, timeoutMs: 20_000 });
      expect(r.successful, describeSipp(r)).toBe(1);
      return waitFor(async () => (await internalCalls())[before], { timeoutMs: 10_000, what: "the internal call's record" });
    };
    const record = await call();
    expect(record).toMatchObject({ result: "unreachable", from: caller.extension });
    const trail = await trailOf(record.callId, "en");
    const dump = JSON.stringify(trail.steps.map((s) => s.text), null, 1);
    expect(trail.steps.map((s) => s.step), dump).toEqual(["internal", "end"]);
    expect(trail.steps[0]!.text, dump).toBe(
      `Internal call from 1003 (${caller.loginId}) to 1002: 1002 is ${callee.loginId}, ready, phone unregistered (no registration) → 480`,
    );
    expect(trail.steps[1]!.text, dump).toBe("End: unreachable");
    const html = await pageOf(record.callId);
    expect(html).toContain(`1002은(는) ${callee.loginId}, 대기, 전화기 미등록 (등록 없음) → 480`);

    // 1002 registers for 2 s; once that has expired, the next call's trail says since when (or, the binding
    // purged meanwhile, the agent's phone unreachable with the expiry as the cause).
    const reg = await runSipp({
      scenario: "register-short.xml", target: `127.0.0.1:${app.sipPort}`, localPort: await freePort(), calls: 1, timeoutMs: 15_000,
      inf: writeInjectionCsv(join(work, "short.csv"), [[callee.extension, callee.sipPassword]]),
    });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    await sleep(3500);
    const expired = await call();
    const words = await trailOf(expired.callId, "en");
    const line = words.steps[0]!.text;
    expect(line).toMatch(new RegExp(
      `^Internal call from 1003 \\(${caller.loginId}\\) to 1002: 1002 is ${callee.loginId}, ` +
        "(ready, phone unregistered since \\d\\d:\\d\\d|unreachable since \\d\\d:\\d\\d \\(cause: sip: registration expired [^)]+\\), phone unregistered \\(no registration\\)) → 480$",
    ));
    expect(await pageOf(expired.callId)).toMatch(/1002은\(는\) .*(전화기 미등록 \(\d\d:\d\d부터\)|연결 불가 \d\d:\d\d부터 \(원인: sip: registration expired)/);
  }, 60_000);
});
