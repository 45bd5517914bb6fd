import { describe, expect, it } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { digestHa1 } from "../../store/agent-repo.ts";
import { testStore } from "../../store/test-db.ts";
import { firstRun, formatInitialCredentials } from "./first-run.ts";
import { testTempDir } from "../../lib/testing/test-temp-dir.ts";

const tmp = () => testTempDir("first-run");

describe("first run (X2)", () => {
  it("X2: MUST create the demo organization, service, queue, admin and three agents", async () => {
    const { repos } = testStore("contact-center");
    const dataDir = tmp();
    const creds = (await firstRun(repos, { dataDir, realm: "contact-center" }))!;
    expect(creds.agents.map((a) => [a.loginId, a.extension])).toEqual([
      ["agent1", "1001"],
      ["agent2", "1002"],
      ["agent3", "1003"],
    ]);
    expect(repos.services.get("demo")).toMatchObject({
      name: "Demo",
      number: "15880000",
      callerId: "15880000",
      timezone: "Asia/Seoul",
      language: "ko",
      state: "active",
      licences: 10,
    });
    expect(repos.queues.list("demo")).toEqual([
      expect.objectContaining({ digit: "1", callback: true, agents: ["agent1", "agent2", "agent3"] }),
    ]);
    expect(repos.organization.verifyApiKey(creds.apiKey)).toBe(true);
    expect((await repos.members.verifyPassword("admin", creds.admin.password))?.orgAdmin).toBe(true);
    const a1 = creds.agents[0]!;
    expect(repos.credentials.lookup("1001")?.ha1Md5).toBe(digestHa1("md5", "1001", "contact-center", a1.sipPassword));
  });

  it("X2: MUST write the credentials file with mode 0600 in the documented shape", async () => {
    const { repos } = testStore("r");
    const dataDir = join(tmp(), "new-dir");
    const creds = (await firstRun(repos, { dataDir, realm: "r" }))!;
    const file = join(dataDir, "initial-credentials.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(file, "utf8"));
    expect(json).toEqual(creds);
    expect(Object.keys(json)).toEqual(["admin", "apiKey", "realm", "agents"]);
    expect(Object.keys(json.agents[0])).toEqual(["loginId", "extension", "sipPassword", "password"]);
    expect(json.admin.loginId).toBe("admin");
    expect(formatInitialCredentials(creds, file)).toContain(creds.admin.password);
  });

  it("X2: CC_ADMIN_PASSWORD and CC_API_KEY MUST replace the generated ones", async () => {
    const { repos } = testStore();
    const creds = (await firstRun(repos, {
      dataDir: tmp(),
      realm: "r",
      adminPassword: "my-admin-pass",
      apiKey: "my-api-key-0123456789",
    }))!;
    expect(creds.admin.password).toBe("my-admin-pass");
    expect(creds.apiKey).toBe("my-api-key-0123456789");
    expect(repos.organization.verifyApiKey("my-api-key-0123456789")).toBe(true);
  });

  it("X2: MUST do nothing on a database that already has an organization", async () => {
    const { repos } = testStore();
    await firstRun(repos, { dataDir: tmp(), realm: "r" });
    expect(await firstRun(repos, { dataDir: tmp(), realm: "r" })).toBeUndefined();
    expect(repos.agents.list("demo")).toHaveLength(3);
  });
});
