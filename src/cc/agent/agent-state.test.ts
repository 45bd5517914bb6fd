import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { AgentMachine, causeKind, type AgentStatus } from "./agent-state.ts";

function machine(state: AgentStatus["state"] = "ready", reason: string | null = null) {
  const clock = new FakeClock(Date.UTC(2026, 11, 5, 9, 0, 0));
  const m = new AgentMachine({ serviceId: "s", loginId: "a1", extension: "1001", state, reason, since: clock.now(), cause: null, until: null }, clock, silentLogger);
  const seen: AgentStatus[] = [];
  m.onChange.subscribe((s) => void seen.push(s));
  return { m, clock, seen };
}

describe("agent states with causes (issue 17 point 2, A2)", () => {
  it("A2: MUST record who or what made every change", () => {
    const { m, clock, seen } = machine("logged-out");
    m.login("ready");
    m.choose("away", "meal", "admin: alice");
    m.choose("ready");
    m.offer();
    m.missed();
    m.choose("ready");
    m.offer();
    m.connected();
    m.callEnded(30, "ready", "c1", "media: media-timeout");
    clock.advance(30_000);
    expect(seen.map((s) => [s.state, s.cause])).toEqual([
      ["ready", "agent"],
      ["away", "admin: alice"],
      ["ready", "agent"],
      ["ringing", "call: offered"],
      ["away", "rule: no-answer → away"],
      ["ready", "agent"],
      ["ringing", "call: offered"],
      ["on-call", "call: answered"],
      ["wrap-up", "media: media-timeout"],
      ["ready", "rule: wrap-up timeout"],
    ]);
    expect(causeKind(seen[1]!.cause)).toBe("admin");
  });

  it("A2: MUST keep the wrap-up deadline on the snapshot (kept across a restart)", () => {
    const { m, clock } = machine();
    m.offer();
    m.connected();
    m.callEnded(45, "away", "c1");
    expect(m.snapshot.until).toBe(clock.now() + 45_000);
    clock.advance(45_000);
    expect(m.snapshot).toMatchObject({ state: "away", reason: "after-call", until: null });
  });
});

describe("unreachable agents (issue 17 point 1, C5)", () => {
  it("C5: MUST make a ready agent unreachable when the device is gone, and ready again when it is back", () => {
    const { m } = machine("ready");
    m.unreachable("sip: no answer to OPTIONS");
    expect(m.snapshot).toMatchObject({ state: "unreachable", cause: "sip: no answer to OPTIONS", returnTo: { state: "ready", reason: null } });
    expect(() => m.offer()).toThrow();
    m.reachable("sip: OPTIONS answered");
    expect(m.snapshot).toMatchObject({ state: "ready", cause: "sip: OPTIONS answered" });
  });

  it("A2: MUST return an away agent to away with the same reason", () => {
    const { m } = machine("away", "meal");
    m.unreachable("sip: WebSocket closed");
    m.reachable("sip: registered");
    expect(m.snapshot).toMatchObject({ state: "away", reason: "meal" });
  });

  it("C5: MUST NOT touch an agent on a call; the lost device counts once the call ends", () => {
    const { m, clock } = machine("ready");
    m.offer();
    m.connected();
    m.unreachable("sip: registration expired 2026-12-05T09:14:03Z");
    expect(m.state).toBe("on-call");
    m.callEnded(10, "ready", "c1", "call: bye");
    expect(m.state).toBe("wrap-up");
    clock.advance(10_000);
    expect(m.snapshot).toMatchObject({ state: "unreachable", returnTo: { state: "ready" } });
    expect(m.cause).toContain("registration expired");
    m.reachable("sip: registered");
    expect(m.state).toBe("ready");
  });

  it("C5: MUST keep an unreachable agent unreachable when they pick ready, and return them to ready later", () => {
    const { m } = machine("away", "break");
    m.unreachable("sip: no answer to OPTIONS");
    m.choose("ready");
    expect(m.snapshot).toMatchObject({ state: "unreachable", returnTo: { state: "ready", reason: null } });
    m.reachable("sip: OPTIONS answered");
    expect(m.state).toBe("ready");
  });

  it("A2: MUST let an unreachable agent log out, and sign in as unreachable while the device is still gone", () => {
    const { m } = machine("ready");
    m.unreachable("sip: WebSocket closed");
    m.logout();
    expect(m.state).toBe("logged-out");
    m.login("ready");
    expect(m.state).toBe("unreachable");
    m.reachable("sip: registered");
    expect(m.state).toBe("ready");
  });

  it("A2: MUST start unreachable when the stored state is unreachable (a restart) and return with the device", () => {
    const clock = new FakeClock(0);
    const m = new AgentMachine(
      { serviceId: "s", loginId: "a1", extension: "1001", state: "unreachable", reason: null, since: 0, cause: "sip: no answer to OPTIONS", until: null, returnTo: { state: "away", reason: "meal" } },
      clock, silentLogger,
    );
    expect(m.deviceMissing).toBe("sip: no answer to OPTIONS");
    m.reachable("sip: OPTIONS answered");
    expect(m.snapshot).toMatchObject({ state: "away", reason: "meal" });
  });

  it("C5: a device coming back for an agent who is not unreachable changes nothing", () => {
    const { m, seen } = machine("ready");
    m.reachable("sip: registered");
    expect(seen).toHaveLength(0);
  });
});
