/**
 * End-to-end issue 17 point 5: the appliance (bun src/main.ts) runs its canary call every
 * CC_CANARY_MINUTES (0.05 here: every 3 s). Each service number's path is walked by the real ARS
 * and its prompts are heard through real RTP on 127.0.0.1. A corrupted greeting file is reported
 * within one interval naming the number and the step — on the API, on /metrics, in the log and as
 * the `canary.failed` webhook — and a silent one too; no canary call is ever a call record.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, readMetric, REPO_ROOT, startAppliance, waitFor, type Appliance } from "./harness.ts";

const INTERVAL_MS = 3_000;
const NUMBER = "15880000";

interface CanaryJson {
  at: string;
  ok: boolean;
  trigger: string;
  steps: { number: string; step: string; ok: boolean; code?: string; detail: string }[];
  failure?: { number: string; step: string; code?: string; detail: string };
}

/** A valid 8 kHz mono 16-bit WAV of `ms` of silence. */
function silentWav(ms: number): Uint8Array {
  const n = ms * 8;
  const b = Buffer.alloc(44 + n * 2);
  b.write("RIFF", 0); b.writeUInt32LE(36 + n * 2, 4); b.write("WAVE", 8); b.write("fmt ", 12); b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(8000, 24); b.writeUInt32LE(16000, 28); b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34); b.write("data", 36); b.writeUInt32LE(n * 2, 40);
  return b;
}

describe("canary call end-to-end (issue 17 point 5)", () => {
  let app: Appliance;
  let hooks: ReturnType<typeof Bun.serve> | undefined;
  const received: { type: string; data: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    app = await startAppliance({ env: { CC_CANARY_MINUTES: "0.05", CC_WEBHOOK_RETRY_MS: "200" } });
    const port = await freePort();
    hooks = Bun.serve({
      hostname: "127.0.0.1", port,
      fetch: async (req) => {
        received.push((await req.json()) as { type: string; data: Record<string, unknown> });
        return new Response("ok");
      },
    });
    const made = await app.api("/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, events: ["canary.failed"] }) });
    expect(made.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    hooks?.stop(true);
    await app?.stop();
  });

  const latest = async () => {
    const res = await app.api("/api/v1/services/demo/canary");
    return res.status === 200 ? ((await res.json()) as CanaryJson) : undefined;
  };

  it("issue 17 point 5: a corrupted greeting file MUST be reported within one interval, naming the number and the step (API, /metrics, log, webhook)", async () => {
    // The first scheduled walk: the default greeting is heard.
    const first = await waitFor(latest, { timeoutMs: INTERVAL_MS + 8_000, what: "the first scheduled canary call" });
    expect(first.trigger).toBe("schedule");
    expect(first.steps.find((s) => s.step === "greeting")).toMatchObject({ number: NUMBER, ok: true });
    expect(first.steps.map((s) => s.step)).toContain("hours");

    // Corrupt the service's own greeting file behind the pages' back.
    const dir = join(app.dataDir, "prompts", "demo");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "greeting.wav"), Buffer.from("RIFF\u0000\u0000garbage, not a wave file at all"));
    const corrupted = Date.now();
    const failed = await waitFor(async () => {
      const r = await latest();
      return r && Date.parse(r.at) >= corrupted - 500 && !r.ok ? r : undefined;
    }, { timeoutMs: INTERVAL_MS + 8_000, what: "a failed canary call" });
    expect(Date.parse(failed.at) - corrupted).toBeLessThanOrEqual(INTERVAL_MS + 1_000);
    expect(failed.failure).toMatchObject({ number: NUMBER, step: "greeting", code: "unreadable" });
    expect(await readMetric(app.baseUrl, "cc_canary_ok", { service: "demo" })).toBe(0);
    expect(await readMetric(app.baseUrl, "cc_canary_failures_total", { service: "demo", step: "greeting" })).toBeGreaterThanOrEqual(1);
    expect(app.logs()).toContain("canary call failed");
    await waitFor(() => received.length, { timeoutMs: 8_000, what: "the canary.failed webhook" });
    expect(received[0]).toMatchObject({ type: "canary.failed", data: { number: NUMBER, step: "greeting", code: "unreadable" } });

    // A readable but silent greeting fails too (on demand through the API, as the pages' "check now").
    writeFileSync(join(dir, "greeting.wav"), silentWav(2000));
    const silent = (await (await app.api("/api/v1/services/demo/canary", { method: "POST" })).json()) as CanaryJson;
    expect(silent.failure).toMatchObject({ number: NUMBER, step: "greeting", code: "silent" });

    // The command line asks the running appliance the same (exit 1 names the number and the step; reconcile agrees: 0).
    const cli = (args: string[]) => {
      const env = { ...process.env, CC_HTTP_PORT: String(app.httpPort), CC_BIND_ADDRESS: "127.0.0.1", CC_DATA_DIR: app.dataDir, CC_API_KEY: app.credentials.apiKey };
      const p = Bun.spawnSync([process.execPath, "src/main.ts", "self-check", ...args], { cwd: REPO_ROOT, env, timeout: 30_000 });
      return { code: p.exitCode, out: p.stdout.toString() };
    };
    const canaryCli = cli(["canary", "--service", "demo"]);
    expect(canaryCli.code).toBe(1);
    expect(canaryCli.out).toContain(`the canary call failed at number ${NUMBER}, step greeting`);
    const reconcileCli = cli(["reconcile", "--service", "demo"]);
    expect([reconcileCli.code, reconcileCli.out]).toEqual([0, expect.stringContaining("agree")]);

    // A save of the ARS walks the path again within seconds: the greeting file removed, the default is heard.
    rmSync(join(dir, "greeting.wav"));
    const flow = await (await app.api("/api/v1/services/demo/ivr")).json();
    const saved = Date.now();
    expect((await app.api("/api/v1/services/demo/ivr", { method: "PUT", body: JSON.stringify(flow) })).status).toBe(200);
    // (The 3 s schedule may walk in between, so the log is read rather than the latest result.)
    await waitFor(() => /"trigger":"save"[^\n]*canary call passed|canary call passed[^\n]*"trigger":"save"/.test(app.logs()), { timeoutMs: 5_000, what: "the canary call after a save" });
    expect(Date.now() - saved).toBeLessThan(5_000);
    expect((await latest())!.steps.find((x) => x.step === "greeting")).toMatchObject({ ok: true });

    // No canary walk is a call: nothing in the call history.
    const calls = (await (await app.api("/api/v1/services/demo/calls")).json()) as unknown[];
    expect(calls).toEqual([]);
  }, 40_000);
});
