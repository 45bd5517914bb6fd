import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import type { AgentMachine } from "../agent/index.ts";
import { flowSchema, type Flow, type FlowInput } from "../ivr/index.ts";
import { CallbackScheduler, SCHEDULER_TICK_MS } from "./callback-scheduler.ts";
import { Callbacks } from "./callbacks.ts";

/** Wednesday 3 January 2024, 10:00 UTC. */
const WED_10 = Date.UTC(2024, 0, 3, 10, 0);
const WEEKDAYS_9_18 = Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]]));

type FakeAgent = { loginId: string; state: string };

/** A service "demo" in UTC with automatic callbacks, its agents and a scheduler whose dial records an open outbound call. */
function setup(o: { flow?: FlowInput; agents?: number; start?: number } = {}) {
  const { repos } = testStore();
  const clock = new FakeClock(o.start ?? WED_10);
  repos.services.create({ serviceId: "demo", name: "Demo", number: "15880000", callerId: "15880000", timezone: "UTC", language: "en", state: "active", licences: 10 });
  let flow: Flow = flowSchema.parse({ hours: WEEKDAYS_9_18, callbackAutoDial: true, callbackRetryMinutes: 10, callbackTries: 3, ...o.flow });
  const callbacks = new Callbacks(repos, clock, () => flow);
  const agents: FakeAgent[] = Array.from({ length: o.agents ?? 1 }, (_, i) => ({ loginId: `agent${i + 1}`, state: "ready" }));
  const dials: Array<{ agent: string; number: string; callbackId: number; callId: string }> = [];
  let waitingSince: number | undefined;
  const scheduler = new CallbackScheduler({
    repos, clock, log: silentLogger, callbacks, flow: () => flow,
    readyAgents: () => agents.filter((a) => a.state === "ready") as unknown as AgentMachine[],
    oldestWaiting: () => waitingSince,
    dial: (agent, number, callbackId) => {
      const callId = `c${dials.length + 1}`;
      repos.calls.create({
        callId, serviceId: "demo", direction: "outbound", from: "15880000", to: number, sipCallId: null, startedAt: clock.now(), queueId: null,
        queuedAt: null, offeredAt: null, answeredAt: null, endedAt: null, agent: agent.loginId, hangupBy: null, result: null,
        recordingPath: null, waitSeconds: null, talkSeconds: null, type: null,
      });
      (agent as unknown as FakeAgent).state = "dialing";
      callbacks.dialled("demo", callbackId, agent.loginId, callId);
      dials.push({ agent: agent.loginId, number, callbackId, callId });
      return callId;
    },
  });
  /** The return call ends: answered (completed) or not (a try counted); the agent is ready again. */
  const end = (callId: string, answered: boolean) => {
    const d = dials.find((x) => x.callId === callId)!;
    repos.calls.update(callId, { endedAt: clock.now(), result: answered ? "answered" : "no-answer" });
    if (answered) callbacks.complete("demo", d.callbackId, d.agent, callId);
    else callbacks.unanswered("demo", d.callbackId, d.agent, callId);
    agents.find((a) => a.loginId === d.agent)!.state = "ready";
  };
  const ask = (number: string, placeAt = clock.now()) =>
    callbacks.request({ serviceId: "demo", queueId: "q1", callId: null, number, placeAt }).request;
  return {
    repos, clock, callbacks, scheduler, agents, dials, end, ask,
    setFlow: (f: FlowInput) => (flow = flowSchema.parse({ ...flow, ...f })),
    setWaitingSince: (t: number | undefined) => (waitingSince = t),
    run: (ms: number) => clock.advance(ms),
  };
}

describe("automatic callbacks (C7)", () => {
  it("C7: MUST try an unanswered callback again after the service's retry minutes and mark it failed after its tries", () => {
    const t = setup();
    const cb = t.ask("010-1234-5678");
    t.scheduler.start();
    t.run(SCHEDULER_TICK_MS);
    expect(t.dials.map((d) => d.number)).toEqual(["010-1234-5678"]);
    t.end(t.dials[0]!.callId, false);
    t.run(9 * 60_000); // before the 10 minutes: not again
    expect(t.dials).toHaveLength(1);
    expect(t.repos.callbacks.get(cb.id)).toMatchObject({ state: "requested", tries: 1 });
    t.run(60_000 + SCHEDULER_TICK_MS);
    expect(t.dials).toHaveLength(2);
    t.end(t.dials[1]!.callId, false);
    t.run(10 * 60_000 + SCHEDULER_TICK_MS);
    expect(t.dials).toHaveLength(3);
    t.end(t.dials[2]!.callId, false);
    expect(t.repos.callbacks.get(cb.id)).toMatchObject({ state: "failed", tries: 3 });
    t.run(60 * 60_000);
    expect(t.dials).toHaveLength(3);
    const log = t.repos.callbacks.history(cb.id).map((l) => l.action);
    expect(log).toEqual(["requested", "dialled", "unanswered", "dialled", "unanswered", "dialled", "unanswered"]);
    t.scheduler.stop();
  });

  it("C7: MUST complete the request when the return call is answered, and not dial it again", () => {
    const t = setup();
    const cb = t.ask("01011112222");
    t.scheduler.tick();
    t.end(t.dials[0]!.callId, true);
    t.scheduler.tick();
    t.run(3600_000);
    t.scheduler.tick();
    expect(t.dials).toHaveLength(1);
    expect(t.repos.callbacks.get(cb.id)?.state).toBe("completed");
  });

  it("C7: MUST NOT dial outside business hours: the request waits for the next opening and its log says so", () => {
    const t = setup({ start: Date.UTC(2024, 0, 3, 12, 30) }); // lunch break
    const cb = t.ask("01011112222");
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
    const waited = t.repos.callbacks.history(cb.id).at(-1)!;
    expect(waited.action).toBe("waiting");
    expect(waited.note).toBe("closed-hours until 2024-01-03T13:00:00.000Z");
    t.scheduler.tick();
    expect(t.repos.callbacks.history(cb.id).filter((l) => l.action === "waiting")).toHaveLength(1); // said once
    t.run(30 * 60_000 - 1);
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
    t.run(1);
    t.scheduler.tick();
    expect(t.dials).toHaveLength(1);
  });

  it("C7: MUST NOT dial on a holiday nor at the weekend: a Friday-evening request waits for Monday 09:00 after a Monday holiday", () => {
    const t = setup({ start: Date.UTC(2024, 0, 5, 18, 30), flow: { holidays: [{ date: "2024-01-08", kind: "temporary", repeat: "once" }] } });
    const cb = t.ask("01011112222");
    t.scheduler.tick();
    expect(t.repos.callbacks.get(cb.id)!.nextTryAt).toBe(Date.UTC(2024, 0, 9, 9, 0));
    t.run(Date.UTC(2024, 0, 8, 10, 0) - t.clock.now()); // the holiday, 10:00
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
    expect(t.repos.callbacks.history(cb.id).filter((l) => l.action === "waiting").map((l) => l.note)).toEqual([
      "closed-hours until 2024-01-09T09:00:00.000Z",
    ]);
    t.run(Date.UTC(2024, 0, 9, 9, 0) - t.clock.now());
    t.scheduler.tick();
    expect(t.dials).toHaveLength(1);
  });

  it("C7: MUST say a request made on a holiday waits for the holiday to end", () => {
    const t = setup({ start: Date.UTC(2024, 0, 8, 10, 0), flow: { holidays: [{ date: "2024-01-08", kind: "national", repeat: "yearly" }] } });
    const cb = t.ask("01011112222");
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
    expect(t.repos.callbacks.history(cb.id).at(-1)!.note).toBe("closed-holiday until 2024-01-09T09:00:00.000Z");
  });

  it("C7: MUST never have more callbacks dialling than agents ready", () => {
    const t = setup({ agents: 2 });
    for (const n of ["0101", "0102", "0103", "0104"]) t.ask(n);
    t.scheduler.tick();
    expect(t.dials.map((d) => d.agent)).toEqual(["agent1", "agent2"]);
    expect(t.scheduler.inFlight("demo")).toBe(2);
    t.scheduler.tick();
    expect(t.dials).toHaveLength(2); // nobody ready
    t.agents[0]!.state = "away";
    t.end(t.dials[0]!.callId, true);
    t.agents[0]!.state = "away";
    t.scheduler.tick();
    expect(t.dials).toHaveLength(2); // the freed agent went away
    t.end(t.dials[1]!.callId, true);
    t.scheduler.tick();
    expect(t.dials.map((d) => d.number)).toEqual(["0101", "0102", "0103"]);
  });

  it("C7: MUST keep one pending request per number: asking again keeps the first request and its place", () => {
    const t = setup();
    const first = t.ask("010-1234-5678", WED_10 - 60_000);
    t.run(1000);
    const again = t.callbacks.request({ serviceId: "demo", queueId: "q1", callId: "c-later", number: "01012345678" });
    expect(again.created).toBe(false);
    expect(again.request.id).toBe(first.id);
    expect(t.repos.callbacks.open("demo")).toHaveLength(1);
    expect(t.repos.callbacks.get(first.id)!.placeAt).toBe(WED_10 - 60_000);
    expect(t.repos.callbacks.history(first.id).map((l) => [l.action, l.note])).toEqual([["requested", null], ["requested-again", "c-later"]]);
  });

  it("C7: MUST keep the caller's original place: earlier requests first, and a caller waiting since before a request goes ahead of it", () => {
    const t = setup();
    t.ask("0103", WED_10 - 10_000);
    t.ask("0101", WED_10 - 30_000);
    t.ask("0102", WED_10 - 20_000);
    t.setWaitingSince(WED_10 - 40_000); // someone in the queue came before all three
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
    t.setWaitingSince(WED_10 - 25_000); // now only 0101 is ahead of the waiting caller
    t.scheduler.tick();
    expect(t.dials.map((d) => d.number)).toEqual(["0101"]);
    t.end(t.dials[0]!.callId, true);
    t.setWaitingSince(undefined);
    t.scheduler.tick();
    t.end(t.dials[1]!.callId, true);
    t.scheduler.tick();
    expect(t.dials.map((d) => d.number)).toEqual(["0101", "0102", "0103"]);
  });

  it("C7: MUST leave callbacks to the agents when the service does not dial them itself", () => {
    const t = setup({ flow: { callbackAutoDial: false } });
    t.ask("0101");
    t.scheduler.tick();
    expect(t.dials).toHaveLength(0);
  });

  it("C7: MUST wait a minute and try another agent when the agent's phone never answered (no try counted)", () => {
    const t = setup();
    const cb = t.ask("0101");
    t.scheduler.tick();
    t.repos.calls.update(t.dials[0]!.callId, { endedAt: t.clock.now(), result: "failed" }); // the agent's phone did not answer
    t.agents[0]!.state = "ready";
    t.scheduler.tick();
    expect(t.dials).toHaveLength(1);
    expect(t.repos.callbacks.get(cb.id)).toMatchObject({ state: "requested", tries: 0 });
    expect(t.repos.callbacks.history(cb.id).at(-1)!.note).toStartWith("agent-missed until");
    t.run(60_000);
    t.scheduler.tick();
    expect(t.dials).toHaveLength(2);
  });
});
