import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

const peer = { name: "SIPp carrier", mode: "peer", host: "127.0.0.1", port: "5070", transport: "udp", number: ["15880000"], serviceId: ["demo"] };

describe("outbound caps and rules in the pages and the API (issue 16 point 6, T9)", () => {
  it("T9: MUST set a trunk's minute caps on the trunk page and show them in the list", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/trunks", { ...peer, capHourMinutes: "30", capDayMinutes: "240" });
    expect(res.status).toBe(303);
    expect(repos.trunks.list()[0]).toMatchObject({ capHourMinutes: 30, capDayMinutes: 240 });
    const list = await (await admin.get("/admin/trunks")).text();
    expect(list).toContain('data-caps="30/240"');
    expect(list).toContain("30분/시간, 240분/일");
    const edit = await (await admin.get(`/admin/trunks/${repos.trunks.list()[0]!.trunkId}`)).text();
    expect(edit).toContain('name="capHourMinutes" value="30"');
  });

  it("T9: MUST refuse a negative or non-numeric cap with a field message, changing nothing", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    expect((await admin.post("/admin/trunks", { ...peer, capHourMinutes: "5" })).status).toBe(303);
    const id = repos.trunks.list()[0]!.trunkId;
    const bad = await admin.post(`/admin/trunks/${id}`, { ...peer, capHourMinutes: "-1", capDayMinutes: "lots" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="capHourMinutes-error"');
    expect(html).toContain('id="capDayMinutes-error"');
    expect(repos.trunks.get(id)).toMatchObject({ capHourMinutes: 5, capDayMinutes: 0 });

    const rules = await admin.post("/admin/trunk-rules/demo", { extensionHourMinutes: "-5", extensionDayMinutes: "x" });
    expect(rules.status).toBe(422);
    const page = await rules.text();
    expect(page).toContain('id="extensionHourMinutes-error"');
    expect(page).toContain('id="extensionDayMinutes-error"');
    expect(repos.outboundCaps.rules("demo")).toMatchObject({ extensionHourMinutes: 0, extensionDayMinutes: 0, allowInternational: false });
  });

  it("T9: MUST keep international, 060 and after-hours calls off by default per service, and warn on the page once enabled", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const before = await (await admin.get("/admin/trunks")).text();
    expect(before).toContain('id="outbound-rules-demo"');
    expect(before).not.toContain('data-warn="international"');
    const res = await admin.post("/admin/trunk-rules/demo", { allowInternational: "1", allowPremium: "1", extensionHourMinutes: "10", extensionDayMinutes: "60" });
    expect(res.status).toBe(303);
    expect(repos.outboundCaps.rules("demo")).toEqual({ allowInternational: true, allowPremium: true, allowAfterHours: false, extensionHourMinutes: 10, extensionDayMinutes: 60 });
    const after = await (await admin.get(res.headers.get("location")!)).text();
    expect(after).toContain('data-warn="international"');
    expect(after).toContain('data-warn="premium"');
    expect(after).toContain("발신 규칙을 저장했습니다.");
    expect(repos.audit.list("demo").some((e) => e.target === "services/demo/outbound-rules")).toBe(true);
  });

  it("T9: the API MUST read and change the rules and the trunk caps through the same door, refusing bad caps", async () => {
    const { app, repos, creds } = await testApp();
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await app.request(`/api/v1${path}`, {
        method, headers: { Authorization: `Bearer ${creds.apiKey}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> & { error?: { fields: Record<string, string> } } };
    };
    expect((await call("GET", "/services/demo/outbound-rules")).json).toEqual({
      allowInternational: false, allowPremium: false, allowAfterHours: false, extensionHourMinutes: 0, extensionDayMinutes: 0,
    });
    expect((await call("PATCH", "/services/demo/outbound-rules", { allowAfterHours: true, extensionDayMinutes: 90 })).json).toMatchObject({ allowAfterHours: true, extensionDayMinutes: 90 });
    const bad = await call("PATCH", "/services/demo/outbound-rules", { extensionHourMinutes: -1 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error!.fields)).toEqual(["extensionHourMinutes"]);
    expect(repos.outboundCaps.rules("demo").extensionHourMinutes).toBe(0);
    const t = await call("POST", "/trunks", { name: "c", mode: "peer", host: "127.0.0.1", capHourMinutes: 3 });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ capHourMinutes: 3, capDayMinutes: 0 });
    expect((await call("PATCH", `/trunks/${t.json.trunkId}`, { capDayMinutes: "ten" })).status).toBe(422);
  });
});
