/**
 * End-to-end: a SIP trace on demand (X6). Started from the admin pages (signed in with the
 * first-run credentials) and from the command line as a separate process; a SIPp call to the
 * traced extension; the pcap downloaded from the page is read by tshark without any hint.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, freePort, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance, type AgentCredentials } from "./harness.ts";
import { describeSipp, runSipp, startSipp, writeInjectionCsv } from "./sipp-runner.ts";
import { signInToPages as signIn } from "./page-session.ts";

const HAVE_PEERS = haveBinaries("sipp", "tshark");

describe.skipIf(!HAVE_PEERS)("SIP trace end-to-end (X6)", () => {
  let app: Appliance;
  let work: string;

  beforeAll(async () => {
    work = tempDir("cc-trace-e2e-");
    app = await startAppliance({ env: { CC_SIP_RATE_LIMIT: "100000" } });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const agent = (ext: string): AgentCredentials => app.credentials.agents.find((a) => a.extension === ext)!;

  it("X6: MUST trace extension 1001 started from the page; the downloaded pcap MUST show tshark the call's INVITE", async () => {
    const web = await signIn(app);
    const bad = await web.post("/admin/services/demo/trace?lang=en", { filter: "not a number", minutes: "5" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="filter-error"');
    const started = await web.post("/admin/services/demo/trace", { filter: "1001", minutes: "2" });
    expect(started.status).toBe(303);
    const list = await (await web.get("/admin/services/demo/trace?lang=en")).text();
    const traceId = /data-trace="([^"]+)"/.exec(list)?.[1];
    expect(traceId, list).toBeDefined();
    expect(list).toContain("Recording");

    // 1001 registered at a SIPp UAS; 1002 calls it once through the proxy.
    const target = `127.0.0.1:${app.sipPort}`;
    const uasPort = await freePort();
    const callee = agent("1001");
    const reg = await runSipp({ scenario: "register.xml", target, inf: writeInjectionCsv(join(work, "callee.csv"), [[callee.extension, callee.sipPassword]]), calls: 1, localPort: uasPort, timeoutMs: 15_000 });
    expect(reg.successful, describeSipp(reg)).toBe(1);
    const uas = startSipp({ scenario: "uas-answer.xml", target, localPort: uasPort, calls: 1, timeoutMs: 30_000 });
    await sleep(300);
    const caller = agent("1002");
    const uac = await runSipp({ scenario: "uac-call.xml", target, inf: writeInjectionCsv(join(work, "caller.csv"), [[caller.extension, caller.sipPassword]]), service: "1001", calls: 1, pauseMs: 200, timeoutMs: 30_000 });
    expect(uac.successful, describeSipp(uac)).toBe(1);
    await Promise.race([uas.done, sleep(10_000).then(() => uas.stop())]);

    const view = await (await web.get(`/admin/services/demo/trace/${traceId}`)).text();
    expect(view).toContain("INVITE sip:1001@");
    const download = await web.get(`/admin/services/demo/trace/${traceId}/pcap`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toStartWith("attachment;");
    const file = join(work, "trace.pcap");
    writeFileSync(file, new Uint8Array(await download.arrayBuffer()));
    const tshark = Bun.spawnSync(["tshark", "-r", file, "-Y", "sip.Method==INVITE", "-T", "fields", "-e", "sip.Method", "-e", "udp.srcport", "-e", "udp.dstport"]);
    expect(tshark.exitCode, tshark.stderr.toString()).toBe(0);
    const invites = tshark.stdout.toString().trim().split("\n").map((l) => l.split("\t"));
    expect(invites.length, tshark.stdout.toString()).toBeGreaterThanOrEqual(2);
    expect(invites.every(([method]) => method === "INVITE")).toBe(true);
    // Received from the caller and sent on to the callee, with the real ports.
    expect(invites.some(([, , dst]) => dst === String(app.sipPort))).toBe(true);
    expect(invites.some(([, src, dst]) => src === String(app.sipPort) && dst === String(uasPort))).toBe(true);

    expect((await web.post(`/admin/services/demo/trace/${traceId}/stop`, {})).status).toBe(303);
    expect(await (await web.get("/admin/services/demo/trace?lang=en")).text()).toContain("Ended (stopped)");
  }, 90_000);

  it("X6: a trace started from the command line (another process) MUST be picked up by the running appliance", async () => {
    const cli = (...args: string[]) => {
      const r = Bun.spawnSync([process.execPath, "src/main.ts", "trace", ...args], { cwd: REPO_ROOT, env: { ...process.env, CC_DATA_DIR: app.dataDir, CC_LOG_LEVEL: "warn" } });
      return { code: r.exitCode, out: r.stdout.toString() + r.stderr.toString() };
    };
    const bad = cli("start", "4321", "--minutes", "5");
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain("error: filter is not a representative number, trunk number or extension of any service");
    const started = cli("start", "1002", "--minutes", "1");
    expect(started.code, started.out).toBe(0);
    const traceId = /trace (\S+) of 1002/.exec(started.out)?.[1];
    expect(traceId, started.out).toBeDefined();
    await waitFor(() => cli("list").out.includes(`${traceId}\trunning`), { timeoutMs: 10_000, intervalMs: 500, what: "the appliance to start the trace" });
    expect(cli("stop", traceId!).code).toBe(0);
    expect(cli("list").out).toContain(`${traceId}\tended (stopped)`);
  }, 60_000);
});
