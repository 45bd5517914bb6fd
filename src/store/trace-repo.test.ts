import { describe, expect, it } from "bun:test";
import { testStore } from "./test-db.ts";

describe("SIP trace repository (X6)", () => {
  it("X6: MUST keep a trace from request to end, with its progress, per service", () => {
    const { repos } = testStore();
    const base = { serviceId: "demo", filter: "1001", minutes: 5, createdBy: "admin", createdAt: 1000, endsAt: 301_000 };
    repos.traces.create({ ...base, traceId: "a" });
    repos.traces.create({ ...base, traceId: "b", serviceId: "other", createdAt: 2000 });
    expect(repos.traces.open().map((t) => [t.traceId, t.state])).toEqual([["a", "pending"], ["b", "pending"]]);
    expect(repos.traces.markRunning("a", 1500, 301_500)).toBe(true);
    expect(repos.traces.markRunning("a", 1600, 301_600)).toBe(false);
    repos.traces.progress("a", 3, 900);
    expect(repos.traces.end("a", 2000, "stopped")).toBe(true);
    expect(repos.traces.end("a", 3000, "time")).toBe(false);
    expect(repos.traces.get("a")).toEqual({ ...base, traceId: "a", state: "ended", startedAt: 1500, endsAt: 301_500, endedAt: 2000, endReason: "stopped", messages: 3, bytes: 900 });
    expect(repos.traces.open().map((t) => t.traceId)).toEqual(["b"]);
    expect(repos.traces.list().map((t) => t.traceId)).toEqual(["b", "a"]);
    expect(repos.traces.list("demo").map((t) => t.traceId)).toEqual(["a"]);
  });
});
