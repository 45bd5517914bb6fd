import { describe, expect, it } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { SYSTEM, type Actor } from "./actor.ts";
import { Administration } from "./administration.ts";
import { RuleError } from "./rule-error.ts";

const ADMIN: Actor = { kind: "member", id: "admin", ip: "127.0.0.1" };
const DAY = 86_400_000;

function setup() {
  const clock = new FakeClock(Date.UTC(2026, 2, 4, 1, 0));
  const { db, repos } = testStore();
  for (const serviceId of ["demo", "other"]) {
    repos.services.create({ serviceId, name: serviceId, number: serviceId === "demo" ? "1588" : "1599", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  }
  const dir = mkdtempSync(join(tmpdir(), "cc-retention-"));
  const call = (serviceId: string, callId: string, daysAgo: number, open = false) => {
    const path = join(dir, `${callId}.wav`);
    writeFileSync(path, "RIFF");
    const at = clock.now() - daysAgo * DAY;
    repos.calls.create({
      callId, serviceId, direction: "inbound", from: "010", to: "1588", sipCallId: null, queueId: "main", queuedAt: at, offeredAt: at, agent: "a1", hangupBy: null, type: null,
      startedAt: at, answeredAt: at, endedAt: open ? null : at + 60_000, result: open ? null : "answered", recordingPath: path, waitSeconds: 1, talkSeconds: 59,
    });
    return path;
  };
  const admin = new Administration({ repos, clock, log: silentLogger });
  const audit = (action: string) => (db.query("SELECT service_id AS s, after_json AS a FROM audit_log WHERE action = ? ORDER BY id").all(action) as { s: string; a: string }[]);
  return { clock, repos, admin, call, audit, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("recordings governance (issue 11)", () => {
  it("M5: MUST remove only recordings older than their service's retention, note them and audit one entry per service", () => {
    const { repos, admin, call, audit, cleanup } = setup();
    const old = call("demo", "c-old", 40);
    const recent = call("demo", "c-recent", 10);
    const openOld = call("demo", "c-open", 40, true);
    const otherOld = call("other", "c-other", 400);
    admin.recordings.setRetention(ADMIN, "demo", { days: 30 });
    expect(admin.recordings.retention("demo")).toBe(30);
    expect(admin.recordings.retention("other")).toBeUndefined();

    expect(admin.recordings.applyRetention(SYSTEM)).toEqual([{ serviceId: "demo", removed: 1 }]);
    expect(existsSync(old)).toBe(false);
    expect([recent, openOld, otherOld].every(existsSync)).toBe(true); // newer, still open, or kept for ever
    expect(repos.calls.get("c-old")?.recordingPath ?? null).toBeNull();
    expect(admin.recordings.noteOf("c-old")).toBe("deleted");
    expect(admin.recordings.applyRetention(SYSTEM)).toEqual([]); // nothing left to do, nothing audited
    const entries = audit("recording-retention-applied");
    expect(entries.length).toBe(1);
    expect(entries[0]!.s).toBe("demo");
    expect(JSON.parse(entries[0]!.a)).toMatchObject({ days: 30, removed: 1 });
    expect(audit("recording-retention").length).toBe(1);
    cleanup();
  });

  it("M5: MUST refuse a retention outside 1–3650 days or for an unknown service, and clear it with null", () => {
    const { admin, cleanup } = setup();
    for (const days of [0, -1, 1.5, 4000, "30"]) expect(() => admin.recordings.setRetention(ADMIN, "demo", { days })).toThrow(RuleError);
    expect(() => admin.recordings.setRetention(ADMIN, "nosuch", { days: 5 })).toThrow(RuleError);
    admin.recordings.setRetention(ADMIN, "demo", { days: 5 });
    admin.recordings.setRetention(ADMIN, "demo", { days: null });
    expect(admin.recordings.retention("demo")).toBeUndefined();
    cleanup();
  });

  it("X6: MUST warn at 90 % of the disk budget and stop new recordings at 100 %, noting the call", () => {
    const { admin, cleanup } = setup();
    let used = 0;
    admin.recordings.attachBudget({ budgetBytes: 10_000, used: () => used });
    expect(admin.recordings.budget()).toEqual({ usedBytes: 0, budgetBytes: 10_000, over: false, warn: false });
    used = 9_000;
    expect(admin.recordings.budget()).toMatchObject({ over: false, warn: true });
    expect(admin.recordings.mayRecord("c1")).toBe(true);
    used = 10_000;
    expect(admin.recordings.budget()).toMatchObject({ over: true, warn: true });
    expect(admin.recordings.mayRecord("c2")).toBe(false);
    expect(admin.recordings.noteOf("c2")).toBeUndefined(); // no such call record: nothing to note, nothing thrown
    cleanup();
  });

  it("X5: MUST note a recording the disk refused on its call record", () => {
    const { admin, call, repos, cleanup } = setup();
    const path = call("demo", "c-full", 0, true);
    admin.recordings.writeFailed(path);
    expect(admin.recordings.noteOf("c-full")).toBe("write-failed");
    expect(repos.calls.get("c-full")?.recordingPath).toBe(path); // what was written stays
    const never = call("demo", "c-never", 0, true);
    rmSync(never);
    admin.recordings.writeFailed(never);
    expect(admin.recordings.noteOf("c-never")).toBe("write-failed");
    expect(repos.calls.get("c-never")?.recordingPath ?? null).toBeNull(); // nothing to find missing
    expect(() => admin.recordings.writeFailed("/nowhere.wav")).not.toThrow();
    cleanup();
  });
});
