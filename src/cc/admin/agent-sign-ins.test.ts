import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { SYSTEM } from "./actor.ts";
import { AGENT_SESSION_TTL_MS, type AgentSignInAttempt } from "./agent-sign-ins.ts";
import { RuleError } from "./rule-error.ts";

/** The demo center with a1's console password set (G5) and a sign-in helper. */
function setup() {
  const t = testCenter();
  const { password } = t.admin.agents.resetPasswords(SYSTEM, "demo", "a1");
  const attempt = (over: Partial<AgentSignInAttempt> = {}): AgentSignInAttempt => ({
    serviceId: "demo", loginId: "a1", password, ip: "10.0.0.1", platform: "test", ...over,
  });
  const history = () => t.repos.loginHistory.all(100).reverse().map((e) => `${e.kind}:${e.result}${e.serviceId ? `@${e.serviceId}` : ""}`);
  return { ...t, password, attempt, history, signIns: t.admin.agentSignIns };
}

describe("agent console sign-in (A1, H4, X4)", () => {
  it("A1: MUST sign in with service ID, agent ID and password, all case-sensitive, and record each result in the login history (H4)", async () => {
    const t = setup();
    expect((await t.signIns.signIn(t.attempt({ serviceId: "nope" }))).kind).toBe("refused");
    expect(await t.signIns.signIn(t.attempt({ serviceId: "DEMO" }))).toEqual({ kind: "refused", result: "no-service" });
    expect(await t.signIns.signIn(t.attempt({ loginId: "A1" }))).toEqual({ kind: "refused", result: "no-agent" });
    expect(await t.signIns.signIn(t.attempt({ password: t.password.toUpperCase() === t.password ? `${t.password}x` : t.password.toUpperCase() }))).toEqual({
      kind: "refused", result: "wrong-password",
    });
    const ok = await t.signIns.signIn(t.attempt());
    expect(ok.kind).toBe("signed-in");
    expect(t.history()).toEqual(["login:no-service", "login:no-service", "login:no-agent@demo", "login:wrong-password@demo", "login:success@demo"]);
  });

  it("A1: an agent without a console password MUST NOT sign in (wrong password), in the same way as a wrong one", async () => {
    const t = setup();
    expect(await t.signIns.signIn(t.attempt({ loginId: "a2", password: "anything-at-all" }))).toEqual({ kind: "refused", result: "wrong-password" });
  });

  it("G5, A1: a blocked agent MUST NOT sign in, and a session MUST end when its agent is blocked", async () => {
    const t = setup();
    const first = await t.signIns.signIn(t.attempt());
    if (first.kind !== "signed-in") throw new Error(first.kind);
    t.admin.agents.update(SYSTEM, "demo", "a1", { blocked: true });
    expect(t.signIns.session(first.session.id)).toEqual({ ok: false, ended: "blocked" });
    expect(await t.signIns.signIn(t.attempt())).toEqual({ kind: "refused", result: "blocked" });
    expect(t.history()).toEqual(["login:success@demo", "logout:forced@demo", "login:blocked@demo"]);
  });

  it("A1: MUST sign a second session in only when forced, and sign the first out", async () => {
    const t = setup();
    const first = await t.signIns.signIn(t.attempt({ ip: "10.0.0.1" }));
    if (first.kind !== "signed-in") throw new Error(first.kind);
    const second = await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }));
    if (second.kind !== "confirm") throw new Error(second.kind);
    expect(t.signIns.session(first.session.id).ok).toBe(true);
    // The question is bound to the address that asked.
    expect(t.signIns.confirm(second.ticket, true, "10.0.0.9").kind).toBe("stale");
    const again = await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }));
    if (again.kind !== "confirm") throw new Error(again.kind);
    t.clock.advance(90_000);
    const forced = t.signIns.confirm(again.ticket, true, "10.0.0.2");
    if (forced.kind !== "signed-in") throw new Error(forced.kind);
    expect(t.signIns.session(first.session.id)).toEqual({ ok: false, ended: "forced-logout" });
    expect(t.signIns.session(forced.session.id).ok).toBe(true);
    expect(t.history()).toEqual(["login:success@demo", "logout:forced-logout@demo", "login:success@demo"]);
    const out = t.repos.loginHistory.all(10).find((e) => e.result === "forced-logout")!;
    expect(out.sessionMs).toBe(90_000);
  });

  it("A1, H4: cancelling the second sign-in MUST keep the first session and record \"login cancelled\"", async () => {
    const t = setup();
    const first = await t.signIns.signIn(t.attempt());
    if (first.kind !== "signed-in") throw new Error(first.kind);
    const second = await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }));
    if (second.kind !== "confirm") throw new Error(second.kind);
    expect(t.signIns.confirm(second.ticket, false, "10.0.0.2")).toEqual({ kind: "cancelled" });
    expect(t.signIns.confirm(second.ticket, true, "10.0.0.2")).toEqual({ kind: "stale" });
    expect(t.signIns.session(first.session.id).ok).toBe(true);
    expect(t.history()).toEqual(["login:success@demo", "login:cancelled@demo"]);
  });

  it("A1, H4: an expired session MUST say so and be closed in the login history as \"expiry\" with its length", async () => {
    const t = setup();
    const s = await t.signIns.signIn(t.attempt());
    if (s.kind !== "signed-in") throw new Error(s.kind);
    t.clock.advance(AGENT_SESSION_TTL_MS + 1);
    expect(t.signIns.session(s.session.id)).toEqual({ ok: false, ended: "expired" });
    // Asked again later (the row is gone): the login history still tells why.
    expect(t.signIns.session(s.session.id)).toEqual({ ok: false, ended: "expired" });
    const end = t.repos.loginHistory.all(10).find((e) => e.kind === "logout")!;
    expect(end).toMatchObject({ result: "expiry", sessionMs: AGENT_SESSION_TTL_MS });
    expect(t.signIns.session("never-issued")).toEqual({ ok: false, ended: "unknown" });
  });

  it("G9: signing in MUST put the agent in the state after login, and signing out MUST sign the state machine out", async () => {
    const t = setup();
    expect(t.cc.agentState("demo", "a1").state).toBe("logged-out");
    const s = await t.signIns.signIn(t.attempt());
    if (s.kind !== "signed-in") throw new Error(s.kind);
    expect(t.cc.agentState("demo", "a1")).toMatchObject({ state: "away", reason: "login" });
    t.signIns.signOut(s.session.id, "10.0.0.1");
    expect(t.cc.agentState("demo", "a1").state).toBe("logged-out");
    expect(t.history()).toEqual(["login:success@demo", "logout:manual@demo"]);

    t.admin.flows.save(SYSTEM, "demo", { stateAfterLogin: "ready" });
    await t.signIns.signIn(t.attempt());
    expect(t.cc.agentState("demo", "a1").state).toBe("ready");
  });

  it("A2: signing out MUST be refused while the agent is on a call", async () => {
    const t = setup();
    const s = await t.signIns.signIn(t.attempt());
    if (s.kind !== "signed-in") throw new Error(s.kind);
    t.cc.setState("demo", "a1", "ready");
    t.cc.agents.get("demo", "a1")!.offer();
    const err = (() => {
      try {
        t.signIns.signOut(s.session.id);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).code).toBe("busy");
    expect(t.signIns.session(s.session.id).ok).toBe(true);
  });

  it("A11: the agent MUST change the console password only with the current one (audited, no password in the log)", async () => {
    const t = setup();
    const actor = { kind: "agent" as const, id: "a1", ip: "10.0.0.1" };
    await expect(t.signIns.changePassword(actor, "demo", "a1", { current: "wrong-one", next: "new-password-1" })).rejects.toMatchObject({
      code: "wrongPassword", fields: { current: "wrongPassword" },
    });
    await expect(t.signIns.changePassword(actor, "demo", "a1", { current: t.password, next: "short" })).rejects.toMatchObject({ fields: { next: "tooShort" } });
    await t.signIns.changePassword(actor, "demo", "a1", { current: t.password, next: "new-password-1" });
    expect((await t.signIns.signIn(t.attempt())).kind).toBe("refused");
    expect((await t.signIns.signIn(t.attempt({ password: "new-password-1" }))).kind).toBe("signed-in");
    const entry = t.repos.audit.list("demo", 10).find((e) => e.action === "password")!;
    expect(entry).toMatchObject({ loginId: "a1", actorKind: "agent", target: "agents/a1/console-password" });
    expect(JSON.stringify(entry)).not.toContain("new-password-1");
  });

  it("O5: an organization member MUST sign in to take calls only with the agent role in the service and a CTI mapping to the agent's extension", async () => {
    const t = setup();
    const m = await t.repos.members.create({ loginId: "a1", name: "Member a1", password: "member-password-1" });
    const a1 = t.repos.agents.get("demo", "a1")!;
    const refused = { kind: "refused", result: "not-mapped" } as const;
    expect(await t.signIns.signIn(t.attempt())).toEqual(refused);
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: true });
    expect(await t.signIns.signIn(t.attempt())).toEqual(refused);
    // Mapped to another extension: still not the phone this agent takes calls on.
    t.admin.cti.map(SYSTEM, { loginId: "a1", ctiId: "cti-a1", ctiNumber: "1999" });
    expect(await t.signIns.signIn(t.attempt())).toEqual(refused);
    t.admin.cti.map(SYSTEM, { loginId: "a1", ctiId: "cti-a1", ctiNumber: a1.extension });
    expect((await t.signIns.signIn(t.attempt())).kind).toBe("signed-in");
    // The role taken back, or the member deactivated: refused again; the history keeps the seed's word (no agent).
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: false });
    expect(await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }))).toEqual(refused);
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: true });
    t.repos.members.update(m.id, { active: false });
    expect(await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }))).toEqual(refused);
    expect(t.history()).toEqual(["login:no-agent@demo", "login:no-agent@demo", "login:no-agent@demo", "login:success@demo", "login:no-agent@demo", "login:no-agent@demo"]);
    // An agent with no member account (the seed's agents) signs in with the console password alone.
    const { password } = t.admin.agents.resetPasswords(SYSTEM, "demo", "a2");
    expect((await t.signIns.signIn(t.attempt({ loginId: "a2", password }))).kind).toBe("signed-in");
  });

  it("O5: the \"signed in elsewhere\" confirmation MUST apply the mapping rule again", async () => {
    const t = setup();
    await t.repos.members.create({ loginId: "a1", name: "Member a1", password: "member-password-1" });
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: true });
    t.admin.cti.map(SYSTEM, { loginId: "a1", ctiId: "cti-a1", ctiNumber: t.repos.agents.get("demo", "a1")!.extension });
    expect((await t.signIns.signIn(t.attempt())).kind).toBe("signed-in");
    const second = await t.signIns.signIn(t.attempt({ ip: "10.0.0.2" }));
    if (second.kind !== "confirm") throw new Error(second.kind);
    t.admin.cti.unmap(SYSTEM, "a1");
    expect(t.signIns.confirm(second.ticket, true, "10.0.0.2")).toEqual({ kind: "refused", result: "not-mapped" });
  });

  it("O5: a member's console session MUST end when their CTI mapping or agent role is taken away", async () => {
    const t = setup();
    await t.repos.members.create({ loginId: "a1", name: "Member a1", password: "member-password-1" });
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: true });
    t.admin.cti.map(SYSTEM, { loginId: "a1", ctiId: "cti-a1", ctiNumber: t.repos.agents.get("demo", "a1")!.extension });
    const first = await t.signIns.signIn(t.attempt());
    if (first.kind !== "signed-in") throw new Error(first.kind);
    expect(t.signIns.session(first.session.id).ok).toBe(true);
    t.admin.roles.set(SYSTEM, "demo", { loginId: "a1", serviceAdmin: false, agent: false });
    expect(t.signIns.session(first.session.id)).toEqual({ ok: false, ended: "forced" });
    expect(t.history()).toEqual(["login:success@demo", "logout:forced@demo"]);
  });
});
