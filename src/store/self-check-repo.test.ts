import { describe, expect, it } from "bun:test";
import { join } from "node:path";
import { createRepos } from "./index.ts";
import { openDatabase } from "./db.ts";
import { migrate } from "./migrate.ts";
import { testStore } from "./test-db.ts";
import type { Repos } from "./index.ts";
import { testTempDir } from "../lib/testing/test-temp-dir.ts";

/** The services the results belong to (a result goes with its service: ON DELETE CASCADE). */
function withServices(repos: Repos, ...ids: string[]): void {
  for (const serviceId of ids) {
    repos.services.create({ serviceId, name: serviceId, number: "", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 2 });
  }
}

describe("self-check results (issue 17: never a silent failure)", () => {
  it("issue 17: MUST keep each service's latest canary and reconcile result apart, newest by insertion", () => {
    const { repos } = testStore();
    withServices(repos, "demo", "other");
    const s = repos.selfChecks;
    expect(s.latest("canary", "demo")).toBeUndefined();
    s.record({ kind: "canary", serviceId: "demo", at: 1000, ok: true, result: { n: 1 } });
    s.record({ kind: "canary", serviceId: "demo", at: 1000, ok: false, result: { n: 2 } }); // same instant: the later one wins
    s.record({ kind: "reconcile", serviceId: "demo", at: 900, ok: true, result: { day: "2026-03-03" } });
    s.record({ kind: "canary", serviceId: "other", at: 800, ok: true, result: { n: 3 } });
    expect(s.latest("canary", "demo")).toEqual({ kind: "canary", serviceId: "demo", at: 1000, ok: false, result: { n: 2 } });
    expect(s.latest("reconcile", "demo")?.result).toEqual({ day: "2026-03-03" });
    expect(s.latestAll("canary").map((e) => [e.serviceId, e.result])).toEqual([["demo", { n: 2 }], ["other", { n: 3 }]]);
    expect(s.latestAll("reconcile").map((e) => e.serviceId)).toEqual(["demo"]);
  });

  it("issue 17: MUST keep a short history per service and kind, pruning the oldest", () => {
    const { repos, db } = testStore();
    withServices(repos, "demo", "other");
    const s = repos.selfChecks;
    for (let i = 0; i < 60; i++) s.record({ kind: "canary", serviceId: "demo", at: i, ok: i % 2 === 0, result: { i } });
    for (let i = 0; i < 3; i++) s.record({ kind: "canary", serviceId: "other", at: i, ok: true, result: { i } });
    s.record({ kind: "reconcile", serviceId: "demo", at: 5, ok: true, result: {} });
    const history = s.history("canary", "demo");
    expect(history).toHaveLength(50);
    expect(history[0]!.result).toEqual({ i: 59 });
    expect(history[49]!.result).toEqual({ i: 10 });
    expect(s.history("canary", "demo", 3).map((e) => e.at)).toEqual([59, 58, 57]);
    expect(s.history("canary", "other")).toHaveLength(3);
    expect(s.history("reconcile", "demo")).toHaveLength(1);
    expect((db.query("SELECT count(*) AS n FROM self_checks").get() as { n: number }).n).toBe(54);
    s.record({ kind: "canary", serviceId: "demo", at: 99, ok: true, result: {} }, 5);
    expect(s.history("canary", "demo")).toHaveLength(5);
  });

  it("issue 17: a deleted service's results MUST go with it", () => {
    const { repos } = testStore();
    withServices(repos, "gone");
    repos.selfChecks.record({ kind: "canary", serviceId: "gone", at: 1, ok: false, result: {} });
    repos.services.remove("gone");
    expect(repos.selfChecks.latest("canary", "gone")).toBeUndefined();
  });

  it("issue 17: results MUST survive closing and reopening the database file", () => {
    const path = join(testTempDir("self-checks"), "cc.db");
    const db = openDatabase(path);
    migrate(db);
    withServices(createRepos(db, "r"), "demo");
    createRepos(db, "r").selfChecks.record({ kind: "canary", serviceId: "demo", at: 42, ok: false, result: { failure: { step: "greeting" } } });
    db.close();
    const again = openDatabase(path);
    migrate(again);
    expect(createRepos(again, "r").selfChecks.latest("canary", "demo")).toMatchObject({ at: 42, ok: false, result: { failure: { step: "greeting" } } });
    again.close();
  });
});
