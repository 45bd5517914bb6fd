import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { COMMAND_LINE, type Actor } from "./actor.ts";
import { Administration } from "./administration.ts";
import { RuleError } from "./rule-error.ts";
import type { TraceCapture, TraceControl, TraceFigures } from "./trace-sync.ts";

const ADMIN: Actor = { kind: "member", id: "admin", ip: "127.0.0.1" };

/** The appliance's tracer, in memory. */
class FakeTracer implements TraceControl {
  readonly captures = new Map<string, TraceCapture & TraceFigures>();
  start(c: TraceCapture): void {
    this.captures.set(c.traceId, { ...c, messages: 0, bytes: 24, running: true });
  }
  stop(id: string): TraceFigures | undefined {
    const c = this.captures.get(id);
    this.captures.delete(id);
    return c && { messages: c.messages, bytes: c.bytes, running: false, reason: c.reason };
  }
  stats(id: string): TraceFigures | undefined {
    return this.captures.get(id);
  }
  ids(): string[] {
    return [...this.captures.keys()].filter((id) => this.captures.get(id)!.running);
  }
}

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 2, 4, 1, 0));
  const { repos } = testStore();
  repos.services.create({ serviceId: "demo", name: "Demo", number: "02-1588-1234", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  repos.services.create({ serviceId: "other", name: "Other", number: "0700000", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  const agent = repos.agents.create({ serviceId: "demo", loginId: "a1", name: "A1" }, "pw");
  const admin = new Administration({ repos, clock, log: silentLogger });
  return { clock, repos, admin, extension: agent.extension };
}

const refusal = (fn: () => unknown): Record<string, string> | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleError) return e.fields;
    throw e;
  }
  return undefined;
};

describe("SIP trace administration (X6)", () => {
  it("X6: MUST record a trace of a known number or extension with its owner service and an audit entry", () => {
    const { repos, admin, extension } = setup();
    const t = admin.traces.start(ADMIN, { filter: extension, minutes: "5" });
    expect(t).toMatchObject({ serviceId: "demo", filter: extension, minutes: 5, state: "pending", createdBy: "admin" });
    expect(t.traceId).toMatch(/^20260304-010000-[a-z0-9]{4}$/);
    const byNumber = admin.traces.start(COMMAND_LINE, { filter: "+82-2-1588-1234" });
    expect(byNumber).toMatchObject({ serviceId: "demo", filter: "+82215881234", minutes: 10 });
    expect(repos.audit.list("demo").map((a) => a.target)).toContain(`sip trace ${t.traceId} (${extension}, 5 min)`);
  });

  it("X6: MUST refuse an invalid or unknown filter, minutes out of range, another service's number and a sixth trace", () => {
    const { repos, admin, extension } = setup();
    expect(refusal(() => admin.traces.start(ADMIN, { filter: "abc" }))).toEqual({ filter: "format" });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: "" }))).toEqual({ filter: "required" });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: "4999" }))).toEqual({ filter: "traceFilter" });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: extension, minutes: 61 }))).toEqual({ minutes: "range" });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: extension, minutes: "0" }))).toEqual({ minutes: "range" });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: "0700000", serviceId: "demo" }))).toEqual({ filter: "traceFilter" });
    expect(repos.traces.list()).toEqual([]);
    for (let i = 0; i < 5; i++) admin.traces.start(ADMIN, { filter: extension });
    expect(refusal(() => admin.traces.start(ADMIN, { filter: extension }))).toEqual({ filter: "traceLimit" });
    expect(repos.traces.list()).toHaveLength(5);
  });

  it("X6: the appliance MUST start pending traces, follow their figures, and end them on time, on stop and on size", () => {
    const { clock, repos, admin, extension } = setup();
    const tracer = new FakeTracer();
    const fromCli = admin.traces.start(COMMAND_LINE, { filter: "0215881234", minutes: 1 }); // recorded before the appliance polls
    const run = admin.traces.run(tracer, "/data", 1000);
    const capture = tracer.captures.get(fromCli.traceId)!;
    expect(capture).toMatchObject({ match: ["0215881234", "+82215881234"], pcapPath: `/data/traces/${fromCli.traceId}.pcap`, endsAt: clock.now() + 60_000 });
    expect(repos.traces.get(fromCli.traceId)!.state).toBe("running");
    // From a page (same process): started at once, no poll needed.
    const fromPage = admin.traces.start(ADMIN, { filter: extension, minutes: 10, serviceId: "demo" });
    expect(fromPage.state).toBe("running");
    tracer.captures.get(fromPage.traceId)!.messages = 4;
    tracer.captures.get(fromPage.traceId)!.bytes = 2000;
    clock.advance(1000);
    expect(repos.traces.get(fromPage.traceId)).toMatchObject({ messages: 4, bytes: 2000 });
    clock.advance(60_000);
    expect(repos.traces.get(fromCli.traceId)).toMatchObject({ state: "ended", endReason: "time" });
    expect(tracer.captures.has(fromCli.traceId)).toBe(false);
    // Stopped through the table (the command line) while capturing here.
    repos.traces.end(fromPage.traceId, clock.now(), "stopped");
    clock.advance(1000);
    expect(tracer.captures.has(fromPage.traceId)).toBe(false);
    const big = admin.traces.start(ADMIN, { filter: extension });
    Object.assign(tracer.captures.get(big.traceId)!, { running: false, reason: "size" });
    clock.advance(1000);
    expect(repos.traces.get(big.traceId)).toMatchObject({ state: "ended", endReason: "size" });
    const stopped = admin.traces.stop(ADMIN, admin.traces.start(ADMIN, { filter: extension }).traceId, "demo");
    expect(stopped).toMatchObject({ state: "ended", endReason: "stopped" });
    expect(refusal(() => admin.traces.stop(ADMIN, stopped.traceId))).toEqual({ traceId: "traceEnded" });
    expect(refusal(() => admin.traces.stop(ADMIN, stopped.traceId, "other"))).toEqual({ trace: "notFound" });
    run.stop();
  });

  it("X6: MUST end traces left running by a previous appliance, and requests whose time passed unseen", () => {
    const { clock, repos, admin, extension } = setup();
    const old = admin.traces.start(COMMAND_LINE, { filter: extension, minutes: 1 });
    repos.traces.markRunning(old.traceId, clock.now(), clock.now() + 60_000);
    const late = admin.traces.start(COMMAND_LINE, { filter: extension, minutes: 1 });
    clock.advance(61_000);
    const run = admin.traces.run(new FakeTracer(), "/data");
    expect(repos.traces.get(old.traceId)!.endReason).toBe("interrupted");
    expect(repos.traces.get(late.traceId)!.endReason).toBe("expired");
    run.stop();
  });
});
