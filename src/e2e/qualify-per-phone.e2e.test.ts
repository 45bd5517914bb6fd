/**
 * Issue 17 point 1 end to end, with real registered phones (SIPp): qualify per phone. The
 * appliance's default interval is 30 s (CC_QUALIFY_SECONDS); agent1's desk phone is registered in
 * the admin pages with its own 1 s, agent2's with 0 (never probe: a phone behind a NAT that drops
 * OPTIONS). Each phone registers with SIPp (register.xml), which then exits: nothing answers
 * OPTIONS on its port.
 *  1. agent1 becomes unreachable within seconds, by its own interval (the default would need 30 s
 *     before its first probe), with "no answer to OPTIONS" as the cause;
 *  2. agent2, never probed, stays ready meanwhile;
 *  3. agent2's interval set to 1 s through the API: agent2 becomes unreachable too.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { signInAdmin } from "./admin-fetch.ts";
import { agentState, setAgentState } from "./call-flow-helpers.ts";
import { cleanupDir, freePort, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { runSipp, writeInjectionCsv } from "./sipp-runner.ts";

const HAVE_SIPP = haveBinaries("sipp");
const MAC1 = "001565000001";
const MAC2 = "001565000002";

/** An agent's live state and its cause, read from the appliance's database (read-only). */
async function status(app: Appliance, loginId: string): Promise<{ state: string; cause: string | null }> {
  const { Database } = await import("bun:sqlite");
  const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
  try {
    return db.query("SELECT state, cause FROM agent_status WHERE service_id = 'demo' AND login_id = ?").get(loginId) as { state: string; cause: string | null };
  } finally {
    db.close();
  }
}

describe.skipIf(!HAVE_SIPP)("qualify per phone end-to-end (issue 17 point 1)", () => {
  let app: Appliance;
  let work: string;

  beforeAll(async () => {
    work = tempDir("cc-qualify-e2e-");
    app = await startAppliance({ env: { CC_QUALIFY_SECONDS: "30", CC_SIP_DIGEST_ALGORITHMS: "MD5", CC_SIP_RATE_LIMIT: "100000", CC_CANARY_MINUTES: "0" } });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (work) cleanupDir(work);
  });

  const waitState = (loginId: string, state: string, timeoutMs: number) =>
    waitFor(async () => {
      const s = await status(app, loginId);
      return s?.state === state ? s : undefined;
    }, { timeoutMs, intervalMs: 100, what: `${loginId} ${state}` }).catch(async (e) => {
      throw new Error(`${String(e)}\nnow: ${JSON.stringify(await status(app, loginId))}\n--- appliance ---\n${app.logs().slice(-2500)}`);
    });

  /** Register the agent's extension from a SIPp phone that then goes away (nothing answers OPTIONS). */
  async function registerPhone(loginId: string): Promise<void> {
    const agent = app.credentials.agents.find((a) => a.loginId === loginId)!;
    const csv = writeInjectionCsv(join(work, `${loginId}.csv`), [[agent.extension, agent.sipPassword]]);
    const reg = await runSipp({ scenario: "register.xml", target: `127.0.0.1:${app.sipPort}`, inf: csv, calls: 1, localPort: await freePort(), timeoutMs: 15_000 });
    expect(reg.successful, reg.screen).toBe(1);
  }

  it("issue 17 point 1: a registered phone that does not answer OPTIONS MUST become unreachable by its own interval; one set to 0 MUST NOT be probed", async () => {
    // The desk phones, registered in the admin pages with their own intervals.
    const admin = await signInAdmin(app);
    const page = await (await admin("/admin/services/demo/phones?lang=en")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const add = async (mac: string, loginId: string, qualifySeconds: string) => {
      const agent = app.credentials.agents.find((a) => a.loginId === loginId)!;
      const body = new URLSearchParams({ _csrf: csrf, model: "other", mac, agent: loginId, sipPassword: agent.sipPassword, qualifySeconds });
      const res = await admin("/admin/services/demo/phones?lang=en", { method: "POST", body });
      expect(res.status, await res.text()).toBe(200);
    };
    await add(MAC1, "agent1", "1");
    await add(MAC2, "agent2", "0");
    // A bad interval is refused with the reason, nothing stored.
    const bad = await admin(`/admin/services/demo/phones/${MAC2}/qualify?lang=en`, { method: "POST", body: new URLSearchParams({ _csrf: csrf, qualifySeconds: "soon" }) });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Enter whole seconds from 1 to 3600");
    const phones = await app.apiJson<{ mac: string; qualifySeconds: number | null; effectiveQualifySeconds: number }[]>("/api/v1/services/demo/desk-phones");
    expect(phones.map((p) => [p.mac, p.qualifySeconds, p.effectiveQualifySeconds])).toEqual([[MAC1, 1, 1], [MAC2, 0, 0]]);

    await setAgentState(app, "agent1", "ready");
    await setAgentState(app, "agent2", "ready");
    await registerPhone("agent1");
    await registerPhone("agent2");
    const registeredAt = Date.now();

    const gone = await waitState("agent1", "unreachable", 15_000);
    expect(gone.cause).toContain("no answer to OPTIONS");
    expect(Date.now() - registeredAt).toBeLessThan(12_000); // by its own 1 s; the default's first probe is 30 s away
    expect(app.logs()).toMatch(/"extension":"1001"[^\n]*device unreachable|device unreachable[^\n]*"extension":"1001"/);

    // agent2's phone is not asked at all: a few more seconds, still ready.
    await sleep(3_000);
    expect(await agentState(app, "agent2")).toBe("ready");
    expect(app.logs()).not.toMatch(/"extension":"1002"[^\n]*device unreachable/);

    // Its interval set through the API (audited): it is probed from now on, and found gone.
    const set = await app.api(`/api/v1/services/demo/desk-phones/${MAC2}/qualify`, { method: "PUT", body: JSON.stringify({ qualifySeconds: 1 }) });
    expect(set.status).toBe(200);
    const setAt = Date.now();
    const gone2 = await waitState("agent2", "unreachable", 15_000);
    expect(gone2.cause).toContain("no answer to OPTIONS");
    expect(Date.now() - setAt).toBeLessThan(12_000);
    const { Database } = await import("bun:sqlite");
    const db = new Database(join(app.dataDir, "contact-center.db"), { readonly: true });
    try {
      const rows = db.query("SELECT target FROM audit_log WHERE target LIKE 'phones/%qualify%' ORDER BY id").all() as { target: string }[];
      expect(rows.map((r) => r.target)).toEqual([`phones/${MAC2} qualify (1002, 1 s)`]);
    } finally {
      db.close();
    }
  }, 90_000);
});
