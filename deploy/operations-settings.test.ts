import { describe, expect, it } from "bun:test";
import { ConfigError, formatConfig, loadConfig } from "../src/config.ts";

/** Settings of issue 11: drain, scheduled backups, the S3-compatible target, the recordings' budget. */
describe("operations settings (issue 11)", () => {
  it("X5: MUST default to a 60 s drain, a daily backup at 03:00 keeping 7, no S3 copy and no recordings budget", () => {
    const c = loadConfig({});
    expect(c.shutdown.drainSeconds).toBe(60);
    expect(c.backups).toEqual({ hour: 3, keep: 7 });
    expect(c.s3).toBeUndefined();
    expect(c.recordingsBudgetBytes).toBe(0);
  });

  it("X5: MUST read the S3 target with a normalized prefix and mask its secret in --print-config", () => {
    const c = loadConfig({ CC_S3_ENDPOINT: "https://s3.example.com", CC_S3_BUCKET: "cc", CC_S3_SECRET_ACCESS_KEY: "very-secret", CC_S3_ACCESS_KEY_ID: "AKID", CC_S3_PREFIX: "/shop1" });
    expect(c.s3).toMatchObject({ endpoint: "https://s3.example.com", bucket: "cc", prefix: "shop1/" });
    const printed = formatConfig(c);
    expect(printed).not.toContain("very-secret");
    expect(printed).toContain("s3.secretAccessKey = ***");
    expect(loadConfig({ CC_BACKUP_HOUR: "off" }).backups.hour).toBeUndefined();
    expect(loadConfig({ CC_RECORDINGS_BUDGET: "1.5GB" }).recordingsBudgetBytes).toBe(1.5 * 1024 ** 3);
  });

  it("X5: MUST refuse bad values with one line naming the setting", () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ CC_BACKUP_HOUR: "25" }, /^CC_BACKUP_HOUR: must be an hour 0-23 or off/],
      [{ CC_BACKUP_KEEP: "0" }, /^CC_BACKUP_KEEP: must be a whole number >= 1/],
      [{ CC_SHUTDOWN_DRAIN_SECONDS: "soon" }, /^CC_SHUTDOWN_DRAIN_SECONDS: must be a whole number >= 0/],
      [{ CC_S3_ENDPOINT: "s3.example.com" }, /^CC_S3_ENDPOINT: must be a URL/],
      [{ CC_S3_ENDPOINT: "https://s3.example.com" }, /^CC_S3_BUCKET: must be set with CC_S3_ENDPOINT/],
      [{ CC_S3_BUCKET: "cc" }, /^CC_S3_ENDPOINT: must be set with CC_S3_BUCKET/],
      [{ CC_RECORDINGS_BUDGET: "lots" }, /^CC_RECORDINGS_BUDGET: must be a size like 500MB/],
    ];
    for (const [env, message] of bad) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
