/**
 * One door (issue 14): a rule broken in the admin pages and through the REST API is refused by
 * the same domain operation, so both doors answer with the same message, in Korean and English,
 * and store nothing.
 */
import { describe, expect, it } from "bun:test";
import { adminClient } from "./admin/test-admin.ts";
import { testApp } from "./test-app.ts";

type Lang = "ko" | "en";

async function doors() {
  const t = await testApp();
  const page = await adminClient(t.app);
  /** The page's message for a field after a form POST (its `<span id="<field>-error">`). */
  const pageError = async (path: string, fields: Record<string, string | string[]>, field: string, lang: Lang) => {
    const res = await page.post(path, fields, { "Accept-Language": lang, Cookie: `${page.cookie}; cc_lang=${lang}` });
    const html = await res.text();
    const m = new RegExp(`id="${field.replace(/\./g, "\\.")}-error"[^>]*>([^<]+)<`).exec(html);
    return { status: res.status, message: m?.[1]?.replace(/&#39;/g, "'").replace(/&quot;/g, '"') };
  };
  /** The API's message for a field. */
  const apiError = async (method: string, path: string, body: unknown, field: string, lang: Lang) => {
    const res = await t.app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.creds.apiKey}`, "Content-Type": "application/json", "Accept-Language": lang },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { error?: { code: string; fields?: Record<string, string> } };
    return { status: res.status, code: json.error?.code, message: json.error?.fields?.[field] };
  };
  return { ...t, page, pageError, apiError };
}

const LANGS: Lang[] = ["en", "ko"];

describe("one door: the same rule, the same answer at every door (issue 14)", () => {
  it("G1: MUST refuse fewer licences than agents with the same message in the page and the API", async () => {
    const d = await doors();
    const svc = d.repos.services.get("demo")!;
    const form = { name: svc.name, number: svc.number, callerId: svc.callerId, periodStart: "", periodEnd: "", licences: "1", state: svc.state };
    for (const lang of LANGS) {
      const fromPage = await d.pageError("/admin/services/demo/info", form, "licences", lang);
      const fromApi = await d.apiError("PATCH", "/services/demo", { licences: 1 }, "licences", lang);
      expect(fromPage.message).toBeDefined();
      expect(fromApi.message).toBe(fromPage.message!);
    }
    expect(d.repos.services.get("demo")!.licences).toBe(svc.licences);
  });

  it("G1: MUST allow one licence change a day, whichever door made the first", async () => {
    const d = await doors();
    const svc = d.repos.services.get("demo")!;
    const form = { name: svc.name, number: svc.number, callerId: svc.callerId, periodStart: "", periodEnd: "", licences: "20", state: svc.state };
    const first = await d.apiError("PATCH", "/services/demo", { licences: 12 }, "licences", "en");
    expect(first.status).toBe(200);
    for (const lang of LANGS) {
      const fromPage = await d.pageError("/admin/services/demo/info", form, "licences", lang);
      const fromApi = await d.apiError("PATCH", "/services/demo", { licences: 20 }, "licences", lang);
      expect(fromPage.message).toBeDefined();
      expect(fromApi).toMatchObject({ status: 409, code: "onceADay", message: fromPage.message! });
    }
    expect(d.repos.services.get("demo")!.licences).toBe(12);
    // The API's change is in the audit log with the key's name and the before/after.
    expect(d.repos.audit.list("demo").find((e) => e.actorKind === "api-key")).toMatchObject({
      loginId: "organization", action: "update", before: expect.objectContaining({ licences: 10 }), after: expect.objectContaining({ licences: 12 }),
    });
  });

  it("G5: MUST refuse an agent beyond the licences and a login ID in use alike", async () => {
    const d = await doors();
    for (const lang of LANGS) {
      const dupPage = await d.pageError("/admin/services/demo/agents", { loginId: "agent1", name: "X" }, "loginId", lang);
      const dupApi = await d.apiError("POST", "/services/demo/agents", { loginId: "agent1", name: "X" }, "loginId", lang);
      expect(dupPage.message).toBeDefined();
      expect(dupApi.message).toBe(dupPage.message!);
    }
    d.repos.services.update("demo", { licences: d.repos.agents.licencesUsed("demo") });
    for (const lang of LANGS) {
      const fullPage = await d.pageError("/admin/services/demo/agents", { loginId: "newbie", name: "N" }, "loginId", lang);
      const fullApi = await d.apiError("POST", "/services/demo/agents", { loginId: "newbie", name: "N" }, "loginId", lang);
      expect(fullPage.message).toBeDefined();
      expect(fullApi).toMatchObject({ status: 409, code: "licenceFull", message: fullPage.message! });
    }
    expect(d.repos.agents.get("demo", "newbie")).toBeUndefined();
  });

  it("A2: MUST refuse ready to a blocked agent (the API; the console will use the same operation)", async () => {
    const d = await doors();
    expect((await d.page.post("/admin/services/demo/agents/agent2/block", { blocked: "1" })).status).toBe(303);
    const r = await d.apiError("POST", "/services/demo/agents/agent2/state", { state: "ready" }, "state", "en");
    expect(r).toMatchObject({ status: 409, code: "blocked", message: "This agent is blocked; unblock the agent first." });
    expect(d.repos.agents.get("demo", "agent2")!.state).not.toBe("ready");
  });

  it("C3: MUST refuse a second holiday on the same date in the page and in an API flow alike", async () => {
    const d = await doors();
    const holiday = { date: "2026-05-05", name: "Children's Day", kind: "national", repeat: "yearly" };
    expect((await d.page.post("/admin/services/demo/holidays", holiday)).status).toBe(303);
    for (const lang of LANGS) {
      const fromPage = await d.pageError("/admin/services/demo/holidays", holiday, "date", lang);
      const flow = await (await d.app.request("/api/v1/services/demo/ivr", { headers: { Authorization: `Bearer ${d.creds.apiKey}` } })).json();
      const fromApi = await d.apiError("PUT", "/services/demo/ivr", { ...flow, holidays: [...flow.holidays, holiday] }, "holidays.1.date", lang);
      expect(fromPage.message).toBeDefined();
      expect(fromApi.message).toBe(fromPage.message!);
    }
  });

  it("C4: MUST refuse a menu key in use in the page and the API alike", async () => {
    const d = await doors();
    for (const lang of LANGS) {
      const fromPage = await d.pageError("/admin/services/demo/menu", { digit: "1", kind: "queue", name: "Sales" }, "digit", lang);
      const fromApi = await d.apiError("POST", "/services/demo/queues", { queueId: "sales", name: "Sales", digit: "1" }, "digit", lang);
      expect(fromPage.message).toBeDefined();
      expect(fromApi.message).toBe(fromPage.message!);
    }
    expect(d.repos.queues.list("demo").map((q) => q.digit)).toEqual(["1"]);
  });
});
