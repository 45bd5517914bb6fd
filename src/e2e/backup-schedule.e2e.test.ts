/**
 * X5 end to end: backups asked for in the organization pages are written by the running appliance,
 * kept to CC_BACKUP_KEEP on disk and in an S3-compatible bucket (s3rver on 127.0.0.1, Bun's S3
 * client), listed and downloadable in the pages; the downloaded archive (the same bytes as the
 * bucket's copy) restores into an empty data directory with the settings it had.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import S3rver from "s3rver";
import { cleanupDir, freePort, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { addCarrierPeer } from "./call-flow-helpers.ts";
import { runCli } from "./recorded-calls.ts";
import { signInAdmin } from "./admin-fetch.ts";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("scheduled backups in the pages, kept and copied off-box (X5)", () => {
  let work: string;
  let app: Appliance | undefined;
  let s3: S3rver;
  let endpoint: string;

  beforeAll(async () => {
    work = tempDir("cc-backup-pages-e2e-");
    s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: join(work, "s3"), configureBuckets: [{ name: "cc", configs: [] }] });
    endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await s3.close();
    cleanupDir(work);
  });

  it("X5: MUST back up on request from the pages, keep the newest N on disk and in the bucket, and restore a downloaded backup", async () => {
    const dataDir = join(work, "data");
    app = await startAppliance({
      dataDir,
      env: { CC_BACKUP_HOUR: "off", CC_BACKUP_KEEP: "2", CC_S3_ENDPOINT: endpoint, CC_S3_BUCKET: "cc", CC_S3_ACCESS_KEY_ID: "S3RVER", CC_S3_SECRET_ACCESS_KEY: "S3RVER", CC_S3_PREFIX: "shop" },
    });
    await addCarrierPeer(app, await freePort(), "15889999", "demo", "Kept carrier");
    const admin = await signInAdmin(app);
    const pageHtml = await (await admin("/admin/org/backups?lang=en")).text();
    expect(pageHtml).toContain("Scheduled backups are off");
    expect(pageHtml).toContain("s3://cc/shop/backups/");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1];
    expect(csrf).toBeTruthy();

    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      // "Back up now" starts the backup and returns at once; the page shows it running, then its outcome.
      const res = await admin("/admin/org/backups?lang=en", { method: "POST", body: new URLSearchParams({ _csrf: csrf! }) });
      expect(res.status, await res.text()).toBe(303);
      expect(res.headers.get("location")).toBe("/admin/org/backups?run=1");
      const html = await waitFor(async () => {
        const page = await (await admin("/admin/org/backups?run=1&lang=en")).text();
        return page.includes('id="backup-running"') ? undefined : page;
      }, { timeoutMs: 20_000, intervalMs: 200, what: "the backup to finish" });
      expect(html).toContain("Copied off-box.");
      made.push(/Backup written: (cc-\d{8}-\d{6}\.tar)/.exec(html)![1]!);
      await Bun.sleep(1100); // names are per second
    }
    const listed = await (await admin("/admin/org/backups?lang=en")).text();
    const rows = [...listed.matchAll(/href="\/admin\/org\/backups\/(cc-[\d-]+\.tar)"/g)].map((m) => m[1]);
    expect(rows).toEqual([made[2], made[1]]);
    const bucket = new Bun.S3Client({ endpoint, bucket: "cc", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
    const keys = ((await bucket.list({ prefix: "shop/backups/" })).contents ?? []).map((o) => o.key).sort();
    expect(keys).toEqual([`shop/backups/${made[1]}`, `shop/backups/${made[2]}`]);

    // The download is the bucket's copy, byte for byte; other names answer 404.
    const dl = await admin(`/admin/org/backups/${made[2]}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toContain(made[2]!);
    const bytes = new Uint8Array(await dl.arrayBuffer());
    expect(sha(bytes)).toBe(sha(new Uint8Array(await bucket.file(`shop/backups/${made[2]}`).arrayBuffer())));
    expect((await admin(`/admin/org/backups/${made[0]}`)).status).toBe(404);
    expect((await admin("/admin/org/backups/..%2Fcontact-center.db")).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/admin/org/backups/${made[2]}`, { redirect: "manual" })).status).toBe(303); // signed-out: to the sign-in

    await app.stop();
    app = undefined;
    const file = join(work, made[2]!);
    writeFileSync(file, bytes);
    const restoredDir = join(work, "restored");
    const restore = await runCli(["restore", file], restoredDir);
    expect(restore.code, restore.lines.join("\n") + restore.stderr).toBe(0);
    const check = await runCli(["check"], restoredDir);
    expect(check.code, check.lines.join("\n")).toBe(0);
    app = await startAppliance({ dataDir: restoredDir });
    const trunks = await app.apiJson<{ name: string }[]>("/api/v1/trunks");
    expect(JSON.stringify(trunks)).toContain("Kept carrier");
  }, 90_000);
});
