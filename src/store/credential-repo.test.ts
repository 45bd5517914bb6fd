import { describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "./db.ts";
import { createRepos } from "./index.ts";
import { migrate } from "./migrate.ts";
import { testStore } from "./test-db.ts";

const SERVICE = { serviceId: "sone", name: "S", number: "", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active" as const, licences: 5 };

function withAgent() {
  const store = testStore();
  store.repos.services.create(SERVICE);
  const agent = store.repos.agents.create({ serviceId: "sone", loginId: "kim", name: "Kim" }, "first-secret");
  return { ...store, ext: agent.extension };
}

describe("credential lookup answered from memory (issue 12), never stale (T4)", () => {
  it("T4: MUST refuse an agent as soon as it is blocked, and accept it again once unblocked", () => {
    const { repos, ext } = withAgent();
    expect(repos.credentials.lookup(ext)?.blocked).toBe(false);
    repos.agents.update("sone", "kim", { blocked: true });
    expect(repos.credentials.lookup(ext)?.blocked).toBe(true);
    repos.agents.update("sone", "kim", { blocked: false });
    expect(repos.credentials.lookup(ext)?.blocked).toBe(false);
  });

  it("T4: MUST use a new SIP password at once (the old HA1 is no longer answered)", () => {
    const { repos, ext } = withAgent();
    const before = repos.credentials.lookup(ext)!.ha1Md5;
    repos.agents.setSipPassword("sone", "kim", "second-secret");
    const after = repos.credentials.lookup(ext)!.ha1Md5;
    expect(after).not.toBe(before);
  });

  it("T4: MUST block every agent of a suspended service, and forget a removed agent", () => {
    const { repos, ext } = withAgent();
    expect(repos.credentials.lookup(ext)?.blocked).toBe(false);
    repos.services.update("sone", { state: "suspended" });
    expect(repos.credentials.lookup(ext)?.blocked).toBe(true);
    repos.services.update("sone", { state: "active" });
    repos.agents.remove("sone", "kim");
    expect(repos.credentials.lookup(ext)).toBeUndefined();
  });

  it("T4: an extension asked before it existed MUST be found once the agent is created", () => {
    const { repos, ext } = withAgent();
    const next = String(Number(ext) + 1);
    expect(repos.credentials.lookup(next)).toBeUndefined();
    repos.agents.create({ serviceId: "sone", loginId: "lee", name: "Lee" }, "secret");
    expect(repos.credentials.lookup(next)?.username).toBe(next);
  });

  it("T4: a block written by another process (the CLI on the same file) MUST be seen within moments", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cred-cache-"));
    try {
      const db = openDatabase(join(dir, "cc.db"));
      migrate(db);
      const repos = createRepos(db, "realm");
      repos.services.create(SERVICE);
      const ext = repos.agents.create({ serviceId: "sone", loginId: "kim", name: "Kim" }, "secret").extension;
      expect(repos.credentials.lookup(ext)?.blocked).toBe(false);
      const other = openDatabase(join(dir, "cc.db"));
      other.run("UPDATE agents SET blocked = 1 WHERE extension = ?", [ext]);
      other.close();
      await Bun.sleep(30);
      expect(repos.credentials.lookup(ext)?.blocked).toBe(true);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
