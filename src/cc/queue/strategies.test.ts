import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { AgentMachine } from "../agent/index.ts";
import { pickAgents } from "./strategies.ts";

function agents() {
  const clock = new FakeClock(0);
  const mk = (loginId: string, since: number, answered: number) => {
    const m = new AgentMachine({ serviceId: "s", loginId, extension: loginId, state: "ready", reason: null, since }, clock, silentLogger);
    m.answered = answered;
    return m;
  };
  return [mk("b", 100, 1), mk("a", 300, 0), mk("c", 200, 5)];
}

describe("ACD strategies (C5)", () => {
  it("C5: MUST pick the longest-idle agent by default", () => {
    expect(pickAgents("longest-idle", agents()).map((a) => a.loginId)).toEqual(["b"]);
  });
  it("C5: MUST pick the agent with the fewest calls today", () => {
    expect(pickAgents("fewest-calls", agents()).map((a) => a.loginId)).toEqual(["a"]);
  });
  it("C5: MUST rotate round-robin after the last agent offered, wrapping around", () => {
    expect(pickAgents("round-robin", agents(), "a").map((a) => a.loginId)).toEqual(["b"]);
    expect(pickAgents("round-robin", agents(), "c").map((a) => a.loginId)).toEqual(["a"]);
  });
  it("C5: MUST ring every ready agent with ring-all", () => {
    expect(pickAgents("ring-all", agents())).toHaveLength(3);
  });
});
