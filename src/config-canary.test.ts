import { describe, expect, it } from "bun:test";
import { ConfigError, loadConfig } from "./config.ts";

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
