import { describe, expect, it } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../src/config.ts";

/** X8: the systemd unit is valid, hardened, and names only settings the appliance knows. */
const UNIT = readFileSync(join(import.meta.dir, "contact-center.service"), "utf8");
const keys = (text: string) =>
  new Map(
    text
      .split("\n")
      .filter((l) => /^[A-Za-z]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as const),
  );

describe("X8: systemd unit", () => {
  it("X8: MUST pass systemd-analyze verify", () => {
    const dir = join(import.meta.dir, "..", "test-output", "systemd");
    mkdirSync(dir, { recursive: true });
    const copy = join(dir, "contact-center.service");
    // verify wants an executable ExecStart; the real one is installed only on the target machine.
    writeFileSync(copy, UNIT.replace(/^ExecStart=.*$/m, "ExecStart=/bin/true"));
    const r = Bun.spawnSync(["systemd-analyze", "verify", copy], { stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.exitCode).toBe(0);
  });

  it("X8: MUST run as a service user with CAP_NET_BIND_SERVICE only and a read-only system", () => {
    const k = keys(UNIT);
    expect(k.get("DynamicUser")).toBe("yes");
    expect(k.get("AmbientCapabilities")).toBe("CAP_NET_BIND_SERVICE");
    expect(k.get("CapabilityBoundingSet")).toBe("CAP_NET_BIND_SERVICE");
    expect(k.get("ProtectSystem")).toBe("strict");
    expect(k.get("NoNewPrivileges")).toBe("yes");
    expect(k.get("StateDirectory")).toBe("contact-center");
    expect(k.get("KillSignal")).toBe("SIGTERM");
  });

  it("X8: MUST name only CC_* settings the appliance accepts, and stop later than calls drain", () => {
    const env = Object.fromEntries([...UNIT.matchAll(/^Environment=(CC_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    const config = loadConfig(env);
    expect(config.dataDir).toBe("/var/lib/contact-center");
    const stop = Number(keys(UNIT).get("TimeoutStopSec"));
    expect(stop).toBeGreaterThan(config.shutdown.drainSeconds);
  });
});
