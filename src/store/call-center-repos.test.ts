import { describe, expect, it } from "bun:test";
import { testStore } from "./test-db.ts";

function seeded() {
  const s = testStore();
  s.repos.services.create({
    serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul",
    language: "ko", state: "active", licences: 5,
  });
  s.repos.agents.create({ serviceId: "demo", loginId: "a1", name: "A1" }, "pw");
  return s;
}

describe("call-center repositories (migration 002)", () => {
  it("C1: MUST store a service's flow as JSON and replace it", () => {
    const { repos } = seeded();
    expect(repos.flows.get("demo")).toBeUndefined();
    repos.flows.put("demo", { a: 1 }, 10);
    repos.flows.put("demo", { a: 2 }, 20);
    expect(repos.flows.get("demo")).toEqual({ flow: { a: 2 }, updatedAt: 20 });
  });

  it("A2: MUST keep an agent's state with the time it was entered, removed with the agent", () => {
    const { repos } = seeded();
    repos.agentStatus.set({ serviceId: "demo", loginId: "a1", state: "away", reason: "meal", since: 5 });
    expect(repos.agentStatus.get("demo", "a1")).toEqual({
      serviceId: "demo", loginId: "a1", state: "away", reason: "meal", since: 5, cause: null, until: null, returnState: null, returnReason: null,
    });
    // Issue 17: the cause, a timed state's deadline and an unreachable agent's return state are kept too.
    repos.agentStatus.set({ serviceId: "demo", loginId: "a1", state: "unreachable", reason: null, since: 6, cause: "sip: WebSocket closed", until: null, returnState: "away", returnReason: "meal" });
    expect(repos.agentStatus.get("demo", "a1")).toMatchObject({ state: "unreachable", cause: "sip: WebSocket closed", returnState: "away", returnReason: "meal" });
    repos.agents.remove("demo", "a1");
    expect(repos.agentStatus.list("demo")).toEqual([]);
  });

  it("C11: MUST write and patch call records and legs", () => {
    const { repos } = seeded();
    repos.calls.create({
      callId: "c1", serviceId: "demo", direction: "inbound", from: "010", to: "1588", sipCallId: null, startedAt: 100,
      queueId: null, queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, agent: null, hangupBy: null,
      result: null, recordingPath: null, waitSeconds: null, talkSeconds: null, type: null,
    });
    repos.calls.update("c1", { queueId: "main", queuedAt: 200 });
    repos.calls.addLeg({ legId: "l1", callId: "c1", role: "caller", party: "010", agent: null, createdAt: 100, answeredAt: 100, endedAt: null, endBy: null, endCause: null });
    repos.calls.updateLeg("l1", { endedAt: 300, endBy: "remote" });
    expect(repos.calls.listOpen().map((c) => c.callId)).toEqual(["c1"]);
    repos.calls.update("c1", { endedAt: 300, result: "abandoned" });
    expect(repos.calls.get("c1")!.queueId).toBe("main");
    expect(repos.calls.list("demo", 0, 1000)).toHaveLength(1);
    expect(repos.calls.listOpen()).toEqual([]);
    expect(repos.calls.legs("c1")[0]!.endBy).toBe("remote");
  });

  it("C7: MUST log every change of a callback request with agent and time", () => {
    const { repos } = seeded();
    const cb = repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: null, number: "010" }, 1);
    repos.callbacks.change(cb.id, { action: "completed", state: "completed", agent: "a1" }, 2);
    expect(repos.callbacks.get(cb.id)!.state).toBe("completed");
    expect(repos.callbacks.history(cb.id).map((h) => [h.at, h.state, h.agent])).toEqual([
      [1, "requested", null],
      [2, "completed", "a1"],
    ]);
  });

  it("C5: MUST log queue events by service and call", () => {
    const { repos } = seeded();
    repos.queueEvents.add({ serviceId: "demo", queueId: "main", callId: "c1", at: 5, event: "enter", agent: null, detail: null });
    expect(repos.queueEvents.list("demo", 0, 10)).toHaveLength(1);
    expect(repos.queueEvents.forCall("c1")[0]!.event).toBe("enter");
  });
});
