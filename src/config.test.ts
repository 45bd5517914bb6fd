import { describe, expect, it } from "bun:test";
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ConfigError, DEFAULT_MEDIA_WORKERS, formatConfig, loadConfig } from "./config.ts";
import { testTempDir } from "./lib/testing/test-temp-dir.ts";

describe("config (X2 settings contract)", () => {
  it("X2: MUST work with no configuration, using the documented defaults", () => {
    const c = loadConfig({});
    expect(c.dataDir).toBe("./data");
    expect(c.httpPort).toBe(8080);
    expect(c.httpsPort).toBe(8443);
    expect(c.sipPort).toBe(5060);
    expect(c.sipTlsPort).toBe(5061);
    expect(c.rtpPorts).toEqual({ min: 10000, max: 20000 });
    expect(c.bindAddress).toBe("0.0.0.0");
    expect(c.externalAddress).toBeUndefined();
    expect(c.logLevel).toBe("info");
    expect(c.sipRealm).toBe("contact-center");
    expect(c.registrar).toEqual({ minExpires: 60, maxExpires: 3600, defaultExpires: 3600 });
    expect(c.security.rateLimitPerSecond).toBe(200);
    expect(c.security.authFailuresBeforeBan).toBe(5);
    expect(c.security.banSeconds).toBe(600);
    expect(c.security.scannerUserAgents).toContain("friendly-scanner");
    expect(c.nonceSeconds).toBe(300);
    expect(c.trustedProxies).toEqual([]);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.registrar)).toBe(true);
  });

  it("X2: MUST read every CC_* variable", () => {
    const c = loadConfig({
      CC_DATA_DIR: "/var/cc",
      CC_HTTP_PORT: "80",
      CC_HTTPS_PORT: "0",
      CC_SIP_PORT: "5080",
      CC_SIP_TLS_PORT: "0",
      CC_RTP_PORTS: "30000-30100",
      CC_EXTERNAL_ADDRESS: "203.0.113.5",
      CC_ADMIN_PASSWORD: "secret-pass",
      CC_API_KEY: "0123456789abcdef0123",
      CC_LOG_LEVEL: "debug",
      CC_SMTP_URL: "smtp://u:p@mail:587",
      CC_MAIL_FROM: "cc@example.com",
      CC_TRUSTED_PROXIES: "10.0.0.1, 10.0.0.2",
    });
    expect(c.httpsPort).toBe(0);
    expect(c.sipTlsPort).toBe(0);
    expect(c.rtpPorts).toEqual({ min: 30000, max: 30100 });
    expect(c.externalAddress).toBe("203.0.113.5");
    expect(c.trustedProxies).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(c.logLevel).toBe("debug");
  });

  it("X2: MUST reject a bad value with one clear line naming the setting", () => {
    expect(() => loadConfig({ CC_SIP_PORT: "abc" })).toThrow(
      new ConfigError('CC_SIP_PORT: must be a port number 1-65535 (got "abc")'),
    );
    for (const [k, v] of [
      ["CC_HTTP_PORT", "70000"],
      ["CC_HTTP_PORT", "0"],
      ["CC_RTP_PORTS", "20000-10000"],
      ["CC_LOG_LEVEL", "loud"],
      ["CC_ADMIN_PASSWORD", "short"],
      ["CC_API_KEY", "short"],
      ["CC_BAN_SECONDS", "-1"],
    ] as const) {
      try {
        loadConfig({ [k]: v });
        throw new Error(`accepted ${k}=${v}`);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as Error).message.startsWith(`${k}: `)).toBe(true);
        expect((e as Error).message).not.toContain("\n");
      }
    }
  });

  it("X2: MUST check min <= default <= max registration expiry", () => {
    expect(() => loadConfig({ CC_REG_MIN_EXPIRES: "600", CC_REG_DEFAULT_EXPIRES: "300" })).toThrow(
      /CC_REG_DEFAULT_EXPIRES/,
    );
  });

  it("X2: MUST read a config file and let the environment win", () => {
    const dir = testTempDir("config");
    const file = join(dir, "cc.json");
    writeFileSync(file, JSON.stringify({ CC_SIP_PORT: 5070, CC_HTTP_PORT: 9000, CC_TRUSTED_PROXIES: ["1.2.3.4"] }));
    const c = loadConfig({ CC_CONFIG_FILE: file, CC_HTTP_PORT: "9100" });
    expect(c.sipPort).toBe(5070);
    expect(c.httpPort).toBe(9100);
    expect(c.trustedProxies).toEqual(["1.2.3.4"]);
    writeFileSync(file, JSON.stringify({ CC_BOGUS: 1 }));
    expect(() => loadConfig({ CC_CONFIG_FILE: file })).toThrow(/CC_CONFIG_FILE: unknown setting "CC_BOGUS"/);
    writeFileSync(file, "{not json");
    expect(() => loadConfig({ CC_CONFIG_FILE: file })).toThrow(/^CC_CONFIG_FILE: /);
  });

  it("X2: --print-config MUST mask secrets", () => {
    const text = formatConfig(
      loadConfig({ CC_ADMIN_PASSWORD: "secret-pass", CC_API_KEY: "0123456789abcdef0123", CC_SMTP_URL: "smtp://u:pw@h" }),
    );
    expect(text).toContain("adminPassword = ***");
    expect(text).toContain("apiKey = ***");
    expect(text).not.toContain("secret-pass");
    expect(text).not.toContain("0123456789abcdef0123");
    expect(text).not.toContain("u:pw");
    expect(text).toContain("registrar.minExpires = 60");
    expect(text).toContain("sipPort = 5060");
  });

  it("M1 (issue 15): CC_RTP_TIMEOUT_SECONDS MUST default to 30 s, take 0 for never, and refuse anything but a whole number", () => {
    expect(loadConfig({}).rtpTimeoutSeconds).toBe(30);
    expect(loadConfig({ CC_RTP_TIMEOUT_SECONDS: "0" }).rtpTimeoutSeconds).toBe(0);
    expect(loadConfig({ CC_RTP_TIMEOUT_SECONDS: "5" }).rtpTimeoutSeconds).toBe(5);
    for (const bad of ["-3", "2.5", "soon"]) {
      expect(() => loadConfig({ CC_RTP_TIMEOUT_SECONDS: bad })).toThrow(new ConfigError(`CC_RTP_TIMEOUT_SECONDS: must be a whole number >= 0 (got "${bad}")`));
    }
  });
});

describe("CC_MEDIA_WORKERS (issue 12)", () => {
  it("issue 12: MUST default to one media worker per spare core (at least one), take 0 (media on the main thread) and refuse anything else with one line", () => {
    expect(loadConfig({}).mediaWorkers).toBe(DEFAULT_MEDIA_WORKERS);
    expect(DEFAULT_MEDIA_WORKERS).toBe(Math.max(1, availableParallelism() - 1));
    expect(loadConfig({ CC_MEDIA_WORKERS: "0" }).mediaWorkers).toBe(0);
    expect(loadConfig({ CC_MEDIA_WORKERS: "3" }).mediaWorkers).toBe(3);
    for (const bad of ["-1", "1.5", "two", "65"]) {
      expect(() => loadConfig({ CC_MEDIA_WORKERS: bad })).toThrow(ConfigError);
      try {
        loadConfig({ CC_MEDIA_WORKERS: bad });
      } catch (e) {
        expect(String((e as Error).message)).toStartWith("CC_MEDIA_WORKERS: ");
        expect(String((e as Error).message)).not.toContain("\n");
      }
    }
  });
});

describe("CC_CANARY_MINUTES (issue 17 point 5)", () => {
  it("issue 17 point 5: MUST default to 60, take 0 (off) and decimals, and refuse anything else with one clear line", () => {
    expect(loadConfig({}).canaryMinutes).toBe(60);
    expect(loadConfig({ CC_CANARY_MINUTES: "0" }).canaryMinutes).toBe(0);
    expect(loadConfig({ CC_CANARY_MINUTES: "0.5" }).canaryMinutes).toBe(0.5);
    for (const bad of ["-1", "abc", "1e3", "5 min"]) {
      expect(() => loadConfig({ CC_CANARY_MINUTES: bad })).toThrow(ConfigError);
      try {
        loadConfig({ CC_CANARY_MINUTES: bad });
      } catch (e) {
        expect(String((e as Error).message)).toContain("CC_CANARY_MINUTES");
      }
    }
  });
});
