import { describe, expect, it } from "bun:test";
import { Administration } from "../cc/index.ts";
import { silentLogger, systemClock } from "../lib/index.ts";
import { testStore } from "../store/test-db.ts";
import { runApiKeyCommand } from "./api-key-command.ts";

describe("api-key command (X3, H5)", () => {
  it("X3: MUST add a named key shown once, list it, refuse a duplicate or bad name, and revoke it", () => {
    const { db, repos } = testStore();
    repos.organization.create({ name: "Org", domain: "localhost", apiKey: "org-key" });
    const admin = new Administration({ repos, clock: systemClock, log: silentLogger });
    const lines: string[] = [];
    const run = (...args: string[]) => runApiKeyCommand(args, admin, (l) => lines.push(l));
    expect(run("add", "crm")).toBe(0);
    const key = /: (cc_\S+)$/.exec(lines.at(-1)!)![1]!;
    expect(repos.organization.apiKeyName(key)).toBe("crm");
    expect(repos.organization.apiKeyName("org-key")).toBe("organization");
    expect(run("add", "crm")).toBe(1);
    expect(run("add", "no spaces")).toBe(1);
    expect(run("add", "organization")).toBe(1);
    expect(run("list")).toBe(0);
    expect(lines.some((l) => l.startsWith("crm\t"))).toBe(true);
    expect(run("revoke", "crm")).toBe(0);
    expect(repos.organization.apiKeyName(key)).toBeUndefined();
    expect(run("revoke", "crm")).toBe(1);
    expect(run()).toBe(2);
    const audit = db.query("SELECT login_id, actor_kind, action, target FROM audit_log ORDER BY id").all();
    expect(audit).toEqual([
      { login_id: "(command line)", actor_kind: "cli", action: "create", target: "api-keys/crm" },
      { login_id: "(command line)", actor_kind: "cli", action: "delete", target: "api-keys/crm" },
    ]);
  });
});
