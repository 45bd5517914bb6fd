/**
 * End-to-end issue 17 ("never a silent failure"): the appliance (bun src/main.ts) stores its
 * self-checks' results. A canary call that failed on a corrupted greeting before a restart is
 * still the latest result on the API, on /metrics and on the dashboard right after the restart,
 * before any new walk; and the restarted box walks again shortly after start on its own (trigger
 * "startup"), saying at once that it is still broken.
 */
import { afterAll, describe, expect, it } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signInAdmin } from "./admin-fetch.ts";
import { cleanupDir, readMetric, REPO_ROOT, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";

const NUMBER = "15880000";

interface CanaryJson {
  at: string;
  ok: boolean;
  trigger: string;
  failure?: { number: string; step: string; code?: string };
}

describe("self-check results across a restart end-to-end (issue 17)", () => {
  const dataDir = join(tempDir("cc-e2e-self-checks-"), "data");
  let app: Appliance | undefined;

  afterAll(async () => {
    await app?.stop({ keepDataDir: true });
    cleanupDir(join(dataDir, ".."));
  });

  const latest = async (a: Appliance) => {
    const res = await a.api("/api/v1/services/demo/canary");
    return res.status === 200 ? ((await res.json()) as CanaryJson) : undefined;
  };

  it("issue 17: a canary failure seen before a restart MUST be on the API, /metrics and the dashboard right after it, before any new walk", async () => {
    // The schedule hourly (the default): only the start-up walk and requests run within this test.
    // The start-up walk: never during the first run; 30 s after the restart, after every check below.
    const env = { CC_CANARY_MINUTES: "60", CC_CANARY_STARTUP_SECONDS: "600" };
    app = await startAppliance({ env, dataDir });
    const dir = join(dataDir, "prompts", "demo");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "greeting.wav"), Buffer.from("RIFF\u0000\u0000garbage, not a wave file at all"));
    const failed = (await (await app.api("/api/v1/services/demo/canary", { method: "POST" })).json()) as CanaryJson;
    expect(failed).toMatchObject({ ok: false, trigger: "request", failure: { number: NUMBER, step: "greeting", code: "unreadable" } });
    expect((await app.api("/api/v1/services/demo/reconcile", { method: "POST" })).status).toBe(200);
    await app.stop({ keepDataDir: true });

    app = await startAppliance({ env: { ...env, CC_CANARY_STARTUP_SECONDS: "30" }, dataDir });
    // Right after the restart: the stored failure, the same walk (its time and trigger), not a new one.
    expect(await latest(app)).toEqual(failed);
    expect(await readMetric(app.baseUrl, "cc_canary_ok", { service: "demo" })).toBe(0);
    expect(await readMetric(app.baseUrl, "cc_reconcile_differences", { service: "demo" })).toBe(0);
    expect((await app.api("/api/v1/services/demo/reconcile")).status).toBe(200);
    const admin = await signInAdmin(app);
    const dash = await (await admin("/admin/services/demo/dashboard?lang=en")).text();
    expect(dash).toContain(`data-canary="failed" data-number="${NUMBER}" data-step="greeting"`);
    expect(dash).toContain('data-reconcile="ok"');
    // The command line asks for the stored result: the same failure, made before the restart.
    const env2 = { ...process.env, CC_HTTP_PORT: String(app.httpPort), CC_BIND_ADDRESS: "127.0.0.1", CC_DATA_DIR: app.dataDir, CC_API_KEY: app.credentials.apiKey };
    const cli = Bun.spawnSync([process.execPath, "src/main.ts", "self-check", "canary", "--latest"], { cwd: REPO_ROOT, env: env2, timeout: 30_000 });
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout.toString()).toContain(`latest stored result, made ${failed.at} (request):`);
    expect(cli.stdout.toString()).toContain(`the canary call failed at number ${NUMBER}, step greeting`);
    expect((await latest(app))!.trigger).toBe("request");

    // Shortly after start the box walks again on its own: still broken, said at once.
    const again = await waitFor(async () => {
      const r = await latest(app!);
      return r && r.trigger === "startup" ? r : undefined;
    }, { timeoutMs: 45_000, what: "the start-up canary call" });
    expect(again.failure).toMatchObject({ number: NUMBER, step: "greeting", code: "unreadable" });
    const history = (await (await app.api("/api/v1/services/demo/canary/history")).json()) as CanaryJson[];
    expect(history[0]).toEqual(again);
    expect(history.map((r) => r.trigger)).toContain("request");
    expect(Date.parse(again.at)).toBeGreaterThan(Date.parse(failed.at));
  }, 120_000);
});
