/**
 * End-to-end protection (T4, T9): sipvicious' svwar must not enumerate extensions;
 * svcrack must not crack a password; repeated auth failures from one address
 * (127.0.0.2) get it banned (API + SECURITY log line) while 127.0.0.1 still registers;
 * the ban is lifted through the API and through `bans lift` on the command line.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import {
  cleanupDir,
  haveBinaries,
  optionsRequest,
  REPO_ROOT,
  startAppliance,
  tempDir,
  udpExchange,
  waitFor,
  type Appliance,
} from "./harness.ts";
import { registerRequest, registerWithPassword } from "./sip-client.ts";
import { describeSipp, runSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_PEERS = haveBinaries("svwar", "svcrack", "sipp");
const ATTACKER = "127.0.0.2";
const BAN_AFTER = 5;

async function run(cmd: string[], timeoutMs: number, env?: Record<string, string>) {
  const proc = Bun.spawn(cmd, { cwd: REPO_ROOT, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { stdout, stderr, code, all: `${stdout}\n${stderr}` };
}

describe.skipIf(!HAVE_PEERS)("sipvicious end-to-end", () => {
  let app: Appliance;
  let work: string;
  let target: { host: string; port: number };

  beforeAll(async () => {
    work = tempDir("cc-svv-e2e-");
    app = await startAppliance({
      env: { CC_BAN_AFTER_FAILURES: String(BAN_AFTER), CC_BAN_SECONDS: "600", CC_SIP_RATE_LIMIT: "100000" },
    });
    target = { host: "127.0.0.1", port: app.sipPort };
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const password = (ext: string) => app.credentials.agents.find((a) => a.extension === ext)!.sipPassword;
  const bannedAddresses = async () => JSON.stringify(await app.apiJson<unknown>("/api/v1/bans"));

  it("T9: MUST not reveal extensions to svwar (1001-1003 in the scanned range)", async () => {
    const r = await run(["svwar", "-e", "990-1010,9990-9995", "-p", String(app.sipPort), "--maximumtime", "8", "127.0.0.1"], 60_000);
    const rows = r.all.split("\n").filter((l) => /^\|\s*\d+\s*\|/.test(l.trim()));
    expect(rows, `svwar listed extensions:\n${r.all}`).toEqual([]);
    for (const ext of ["1001", "1002", "1003"]) expect(r.all.includes(`| ${ext}`), r.all).toBe(false);
  }, 90_000);

  it("T4: MUST answer REGISTER for a known and an unknown user identically", async () => {
    const known = await udpExchange(registerRequest(target, "1001"), target);
    const unknown = await udpExchange(registerRequest(target, "9999"), target);
    const shape = (t: string | undefined) =>
      (t ?? "")
        .split("\r\n")
        .slice(1)
        .map((l) => l.split(":")[0]!.toLowerCase())
        .filter((h) => h && !["via", "from", "to", "call-id", "cseq"].includes(h))
        .sort();
    expect(known[0]?.status, "known user").toBe(401);
    expect(unknown[0]?.status, "unknown user").toBe(known[0]!.status);
    expect(shape(unknown[0]?.text)).toEqual(shape(known[0]?.text));
    const wrongKnown = await registerWithPassword(target, "1001", "not-the-password");
    const wrongUnknown = await registerWithPassword(target, "9999", "not-the-password");
    expect(wrongUnknown.answer?.status, "wrong password vs unknown user").toBe(wrongKnown.answer?.status);
  }, 30_000);

  it("T9: MUST ban an address after repeated auth failures while others still register; lift via API and CLI", async () => {
    // svcrack from the attacker address, with the real password at the end of its list:
    // it must not find it (its user-agent is dropped, or it is banned first).
    const dict = join(work, "dict.txt");
    writeFileSync(dict, [...Array.from({ length: 30 }, (_, i) => `guess${i}`), password("1001")].join("\n") + "\n");
    const crack = await run(
      ["svcrack", "-u", "1001", "-d", dict, "-b", ATTACKER, "-p", String(app.sipPort), "127.0.0.1"],
      60_000,
    );
    expect(crack.all.includes(password("1001")), `svcrack found the password:\n${crack.all}`).toBe(false);

    // A phone-like client from the attacker address with wrong passwords gets banned.
    const banWithin = async () => {
      for (let attempt = 1; attempt <= BAN_AFTER + 3; attempt++) {
        await registerWithPassword(target, "1001", `wrong-${attempt}`, { bindAddress: ATTACKER, waitMs: 800 });
        if ((await bannedAddresses()).includes(ATTACKER)) return attempt;
      }
      return -1;
    };
    const attempts = await banWithin();
    expect(attempts, `not banned after ${BAN_AFTER + 3} failures; bans: ${await bannedAddresses()}`).toBeGreaterThan(0);
    expect(app.logs()).toMatch(/SECURITY/);
    expect(app.logs().split("\n").some((l) => l.includes("SECURITY") && l.includes(ATTACKER)), app.logs().slice(-2000)).toBe(true);

    // The banned address gets nothing, not even for OPTIONS.
    const fromAttacker = await udpExchange(optionsRequest(target), target, { bindAddress: ATTACKER, waitMs: 1000 });
    expect(fromAttacker.map((r) => r.status), "banned address still answered").toEqual([]);

    // 127.0.0.1 still registers (SIPp, digest auth).
    const csv = writeInjectionCsv(join(work, "ok.csv"), [["1002", password("1002")]]);
    const ok = await runSipp({ scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, inf: csv, calls: 1, timeoutMs: 15_000 });
    expect(ok.successful, describeSipp(ok)).toBe(1);

    // Lift through the API.
    const del = await app.api(`/api/v1/bans/${ATTACKER}`, { method: "DELETE" });
    expect([200, 204]).toContain(del.status);
    expect(await bannedAddresses()).not.toContain(ATTACKER);
    const afterApi = await udpExchange(optionsRequest(target), target, { bindAddress: ATTACKER });
    expect(afterApi.map((r) => r.status)).toContain(200);

    // Ban again, then lift from the command line with the same data directory.
    expect(await banWithin(), "second ban").toBeGreaterThan(0);
    const cliEnv = { CC_DATA_DIR: app.dataDir };
    const list = await run([process.execPath, "src/main.ts", "bans", "list"], 30_000, cliEnv);
    expect(list.code, list.all).toBe(0);
    expect(list.stdout, list.all).toContain(ATTACKER);
    const lift = await run([process.execPath, "src/main.ts", "bans", "lift", ATTACKER], 30_000, cliEnv);
    expect(lift.code, lift.all).toBe(0);
    const list2 = await run([process.execPath, "src/main.ts", "bans", "list"], 30_000, cliEnv);
    expect(list2.stdout, list2.all).not.toContain(ATTACKER);
    // The running appliance re-reads bans: the address is served again (bounded wait).
    await waitFor(
      async () => (await udpExchange(optionsRequest(target), target, { bindAddress: ATTACKER, waitMs: 800 })).some((r) => r.status === 200),
      { timeoutMs: 20_000, intervalMs: 1000, what: "OPTIONS from 127.0.0.2 answered after `bans lift`" },
    );
    expect(await bannedAddresses()).not.toContain(ATTACKER);
  }, 150_000);
});
