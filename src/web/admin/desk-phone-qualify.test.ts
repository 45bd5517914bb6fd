import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

/** The pages and the API over one store, with agent1's phone registered (the appliance default: 30 s). */
async function phonePages() {
  const t = await testApp();
  const admin = await adminClient(t.app);
  const reg = await admin.post("/admin/services/demo/phones", { model: "yealink", mac: "00:15:65:AA:BB:CC", agent: "agent1", rotate: "1", qualifySeconds: "" });
  expect(reg.status).toBe(200);
  const call = async (method: string, path: string, body?: unknown, lang?: string) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.creds.apiKey}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...(lang ? { "Accept-Language": lang } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  };
  return { ...t, admin, call };
}

describe("a desk phone's own qualify interval in the pages and the API (issue 17 point 1)", () => {
  it("issue 17 point 1: the phones page MUST show each phone's interval, register one with its own and change it (audited)", async () => {
    const t = await phonePages();
    const en = await (await t.admin.get("/admin/services/demo/phones?lang=en")).text();
    expect(en).toContain("Reachability check (seconds)");
    expect(en).toContain("Default (30 s)");
    expect(en).toContain('data-qualify="default"');
    const ko = await (await t.admin.get("/admin/services/demo/phones?lang=ko")).text();
    expect(ko).toContain("연결 확인 주기(초)");
    expect(ko).toContain("기본값 (30초)");

    const second = await t.admin.post("/admin/services/demo/phones", { model: "polycom", mac: "0004f2445566", agent: "agent2", rotate: "1", qualifySeconds: "0" });
    expect(second.status).toBe(200);
    expect(t.repos.deskPhones.findByMac("0004f2445566")!.qualifySeconds).toBe(0);

    const saved = await t.admin.post("/admin/services/demo/phones/001565aabbcc/qualify", { qualifySeconds: "15" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toContain("qualify=saved");
    expect(t.repos.deskPhones.findByMac("001565aabbcc")!.qualifySeconds).toBe(15);
    expect(t.repos.audit.list("demo")[0]!.target).toBe("phones/001565aabbcc qualify (1001, 15 s)");
    const after = await (await t.admin.get("/admin/services/demo/phones?lang=en&qualify=saved")).text();
    expect(after).toContain('data-qualify="15"');
    expect(after).toContain('data-qualify="0"');
    expect(after).toContain("Not checked");
    // Empty puts it back to the appliance's default.
    expect((await t.admin.post("/admin/services/demo/phones/001565aabbcc/qualify", { qualifySeconds: "" })).status).toBe(303);
    expect(t.repos.deskPhones.findByMac("001565aabbcc")!.qualifySeconds).toBeUndefined();
  }, 30_000);

  it("issue 17 point 1: the pages MUST refuse a bad interval with 422 and a clear message, storing nothing", async () => {
    const t = await phonePages();
    const audits = t.repos.audit.list("demo").length;
    const bad = await t.admin.post("/admin/services/demo/phones/001565aabbcc/qualify?lang=en", { qualifySeconds: "-3" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Enter whole seconds from 1 to 3600; 0 for no probes, empty for the appliance&#39;s default.");
    expect(html).toContain('value="-3"');
    const ko = await (await t.admin.post("/admin/services/demo/phones/001565aabbcc/qualify?lang=ko", { qualifySeconds: "abc" })).text();
    expect(ko).toContain("확인 주기는 1~3600 사이의 초(정수)로 입력하세요.");
    const reg = await t.admin.post("/admin/services/demo/phones", { model: "yealink", mac: "001565000777", agent: "agent3", rotate: "1", qualifySeconds: "99999" });
    expect(reg.status).toBe(422);
    expect(t.repos.deskPhones.findByMac("001565000777")).toBeUndefined();
    expect((await t.admin.post("/admin/services/demo/phones/00156500ffff/qualify", { qualifySeconds: "5" })).status).toBe(404);
    expect(t.repos.deskPhones.findByMac("001565aabbcc")!.qualifySeconds).toBeUndefined();
    expect(t.repos.audit.list("demo")).toHaveLength(audits);
  }, 30_000);

  it("issue 17 point 1: the API MUST list phones with their intervals and set one through the domain; bad input 422 with a clear message, nothing stored", async () => {
    const t = await phonePages();
    const list = await t.call("GET", "/services/demo/desk-phones");
    expect(list.status).toBe(200);
    expect(list.json).toEqual([{ mac: "001565aabbcc", model: "yealink", extension: "1001", agentLogin: "agent1", qualifySeconds: null, effectiveQualifySeconds: 30 }]);
    const set = await t.call("PUT", "/services/demo/desk-phones/001565aabbcc/qualify", { qualifySeconds: 0 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ qualifySeconds: 0, effectiveQualifySeconds: 0 });
    expect(t.repos.audit.list("demo")[0]).toMatchObject({ actorKind: "api-key", target: "phones/001565aabbcc qualify (1001, off)" });

    const bad = await t.call("PUT", "/services/demo/desk-phones/001565aabbcc/qualify", { qualifySeconds: 2.5 });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toEqual({ qualifySeconds: "Enter whole seconds from 1 to 3600; 0 for no probes, empty for the appliance's default." });
    expect(bad.json.error.message).toContain("qualifySeconds: Enter whole seconds");
    const badKo = await t.call("PUT", "/services/demo/desk-phones/001565aabbcc/qualify", { qualifySeconds: 4000 }, "ko");
    expect(badKo.status).toBe(422);
    expect(badKo.json.error.fields.qualifySeconds).toContain("1~3600");
    expect((await t.call("PUT", "/services/demo/desk-phones/001565aabbcc/qualify", { qualifySeconds: [1] })).status).toBe(422);
    expect(t.repos.deskPhones.findByMac("001565aabbcc")!.qualifySeconds).toBe(0);

    expect((await t.call("PUT", "/services/demo/desk-phones/001565aabbcc/qualify", { qualifySeconds: null })).json).toMatchObject({ qualifySeconds: null, effectiveQualifySeconds: 30 });
    expect((await t.call("PUT", "/services/demo/desk-phones/00156500ffff/qualify", { qualifySeconds: 5 })).status).toBe(404);
    expect((await t.call("GET", "/services/nope/desk-phones")).status).toBe(404);
  }, 30_000);
});
