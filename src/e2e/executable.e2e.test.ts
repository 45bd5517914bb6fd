/**
 * End-to-end X1/X2: the compiled executable (`npm run build` → dist/contact-center)
 * runs alone from an empty directory (no node_modules, no sources), serves /healthz,
 * answers SIP OPTIONS over UDP, runs its media worker (issue 12: the worker is an entrypoint of the
 * build), and exits 0 within 5 s of SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { copyFileSync, chmodSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanupDir, optionsRequest, readMetric, REPO_ROOT, sleep, startAppliance, tempDir, udpExchange, waitFor, type Appliance } from "./harness.ts";

describe("compiled executable", () => {
  let dir: string;
  let app: Appliance | undefined;

  beforeAll(async () => {
    dir = tempDir("cc-exe-e2e-");
    const build = Bun.which("npm")
      ? ["npm", "run", "--silent", "build"]
      : [process.execPath, "build", "--compile", "--minify", "src/main.ts", "src/media/workers/media-worker.ts", "--outfile", "dist/contact-center"];
    const proc = Bun.spawn(build, {
      cwd: REPO_ROOT,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: { ...process.env, PATH: `${join(REPO_ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}` },
    });
    const timer = setTimeout(() => proc.kill("SIGKILL"), 150_000);
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${build.join(" ")} failed (${code}):\n${out}\n${err}`);
    const exe = join(REPO_ROOT, "dist/contact-center");
    if (!existsSync(exe)) throw new Error(`build did not produce ${exe}`);
    copyFileSync(exe, join(dir, "contact-center"));
    chmodSync(join(dir, "contact-center"), 0o755);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) cleanupDir(dir);
  });

  it("X1/X2: MUST run from an empty directory, serve /healthz, answer OPTIONS, and exit 0 on SIGTERM", async () => {
    app = await startAppliance({
      command: [join(dir, "contact-center")],
      cwd: dir,
      dataDir: join(dir, "data"),
      env: { NODE_PATH: "", BUN_INSTALL: "", CC_MEDIA_WORKERS: "1" },
    });
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);

    const target = { host: "127.0.0.1", port: app.sipPort };
    const replies = await udpExchange(optionsRequest(target), target);
    expect(replies.map((r) => r.status), app.logs().slice(-2000)).toContain(200);

    // The media worker runs from inside the executable (issue 12).
    const live = app;
    await waitFor(async () => (await readMetric(live.baseUrl, "cc_media_worker_up", { worker: "0" })) === 1, { timeoutMs: 5000, intervalMs: 200, what: "media worker 0 up" });
    expect(live.logs()).not.toContain("media worker lost");

    // First run wrote its credentials readable by the owner only (X2).
    expect(statSync(join(dir, "data", "initial-credentials.json")).mode & 0o077).toBe(0);

    const started = Date.now();
    app.proc.kill("SIGTERM");
    const code = await Promise.race([app.proc.exited, sleep(5000).then(() => "timeout" as const)]);
    expect(code, `exit after SIGTERM (${Date.now() - started} ms)\n${app.logs().slice(-2000)}`).toBe(0);
  }, 60_000);
});
