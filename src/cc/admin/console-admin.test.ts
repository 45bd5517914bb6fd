import { describe, expect, it } from "bun:test";
import { testCenter } from "../test-center.ts";
import { SYSTEM, type Actor } from "./actor.ts";
import { NOTES_MAX } from "./console-admin.ts";
import { RuleError } from "./rule-error.ts";

const A1: Actor = { kind: "agent", id: "a1", ip: "10.0.0.1" };

/** The demo center with an ended call answered by a1 and one by a2, and two consultation types. */
function setup() {
  const t = testCenter();
  const at = t.clock.now();
  const call = (callId: string, agent: string) =>
    t.repos.calls.create({
      callId, serviceId: "demo", direction: "inbound", from: "01012345678", to: "1588", sipCallId: null, startedAt: at, queueId: "main",
      queuedAt: at, offeredAt: at, answeredAt: at + 5000, endedAt: at + 60_000, agent, hangupBy: "caller", result: "answered",
      recordingPath: null, waitSeconds: 5, talkSeconds: 55, type: null,
    });
  call("c-a1", "a1");
  call("c-a2", "a2");
  const order = t.admin.types.add(SYSTEM, "demo", { name: "Order" });
  const refund = t.admin.types.add(SYSTEM, "demo", { name: "Refund" });
  return { ...t, order, refund, notes: t.admin.console };
}

const refusal = (f: () => unknown): RuleError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RuleError) return e;
    throw e;
  }
  throw new Error("not refused");
};

describe("wrap-up notes (A6) through the one door", () => {
  it("A6: MUST save the consultation type and notes of the agent's own call, audited with before and after", () => {
    const t = setup();
    const saved = t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: String(t.order.id), notes: "line one\r\nline two" });
    expect(saved).toMatchObject({ type: String(t.order.id), notes: "line one\nline two" });
    expect(t.repos.calls.get("c-a1")).toMatchObject({ type: String(t.order.id), notes: "line one\nline two" });
    const entry = t.repos.audit.list("demo", 10).find((e) => e.action === "notes")!;
    expect(entry).toMatchObject({ loginId: "a1", actorKind: "agent", target: "calls/c-a1" });
    expect(entry.after).toEqual({ type: String(t.order.id), notes: "line one\nline two" });
  });

  it("A6: notes over 1024 characters MUST be refused with a field message, and what was saved before MUST stay", () => {
    const t = setup();
    t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: String(t.order.id), notes: "kept" });
    const e = refusal(() => t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: String(t.refund.id), notes: "가".repeat(NOTES_MAX + 1) }));
    expect(e.fields).toEqual({ notes: "tooLong" });
    expect(t.repos.calls.get("c-a1")).toMatchObject({ type: String(t.order.id), notes: "kept" });
    // Exactly 1024 characters (Hangul counts one each) is fine.
    t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: "", notes: "가".repeat(NOTES_MAX) });
    expect(t.repos.calls.get("c-a1")!.notes).toHaveLength(NOTES_MAX);
    expect(t.repos.calls.get("c-a1")!.type).toBeNull();
  });

  it("A6: MUST refuse another agent's call, an unknown call and a type that is not the service's", () => {
    const t = setup();
    expect(refusal(() => t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a2", notes: "x" })).status).toBe(404);
    expect(refusal(() => t.notes.saveNotes(A1, "demo", "a1", { callId: "nope", notes: "x" })).status).toBe(404);
    expect(refusal(() => t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: "9999", notes: "x" })).fields).toEqual({ typeId: "unknown" });
    t.admin.types.change(SYSTEM, "demo", t.refund.id, "retire");
    expect(refusal(() => t.notes.saveNotes(A1, "demo", "a1", { callId: "c-a1", typeId: String(t.refund.id), notes: "x" })).fields).toEqual({ typeId: "unknown" });
  });
});

describe("console settings and notices (A3, A5, A11)", () => {
  it("A3, G9: screen-pop MUST be off by default; the agent's settings MUST be kept per agent", () => {
    const t = setup();
    expect(t.repos.agentConsole.prefs("demo", "a1")).toEqual({ screenPop: false, phoneMode: "softphone", noticesSeenAt: 0 });
    t.notes.setPrefs(A1, "demo", "a1", { screenPop: true, phoneMode: "desk" });
    expect(t.repos.agentConsole.prefs("demo", "a1")).toMatchObject({ screenPop: true, phoneMode: "desk" });
    expect(t.repos.agentConsole.prefs("demo", "a2")).toMatchObject({ screenPop: false, phoneMode: "softphone" });
    expect(refusal(() => t.notes.setPrefs(A1, "demo", "a1", { screenPop: true, phoneMode: "fax" as never })).fields).toEqual({ phoneMode: "format" });
  });

  it("A11: notices posted by admins MUST reach the service's agents (org-wide ones every service's) and count as unread until seen", () => {
    const t = setup();
    const admin: Actor = { kind: "member", id: "boss" };
    t.notes.postNotice(admin, "demo", { title: "New menu", body: "Key 2 is new." }, false);
    expect(refusal(() => t.notes.postNotice(admin, "demo", { title: "All", body: "x", everyService: true }, false)).fields).toEqual({ everyService: "forbidden" });
    t.clock.advance(1000);
    t.notes.postNotice(admin, "demo", { title: "Holiday", body: "Closed on Monday.", everyService: true }, true);
    expect(t.repos.notices.list("demo").map((n) => n.title)).toEqual(["Holiday", "New menu"]);
    expect(t.repos.notices.countSince("demo", 0)).toBe(2);
    t.clock.advance(1000);
    t.notes.noticesSeen("demo", "a1");
    expect(t.repos.notices.countSince("demo", t.repos.agentConsole.prefs("demo", "a1").noticesSeenAt)).toBe(0);
    expect(t.repos.audit.list("demo", 10).filter((e) => e.target.startsWith("notices/")).length).toBe(2);
  });
});
