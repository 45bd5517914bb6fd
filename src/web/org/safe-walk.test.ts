import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { SERVICE_PAGES } from "../../../views/components/service-nav.tsx";
import { testOps } from "../admin/test-ops.ts";

/** The one-button forms of a page: action, the hidden value they post, whether they ask first. */
const buttons = (html: string) =>
  [...html.matchAll(/<form method="post" action="([^"]+)" class="inline"( data-confirm="[^"]+")?>(.*?)<\/form>/gs)].map((m) => ({
    action: m[1]!.replace(/&amp;/g, "&"),
    asks: Boolean(m[2]),
    posts: [...m[3]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].filter((x) => x[1] !== "_csrf").map((x) => `${x[1]}=${x[2]}`),
  }));

/** Does this button take something away (delete, reset, revoke, stop, suspend, deactivate …)? */
const VERB = /\/(delete|remove|reset|revoke|terminate|stop|api-key|block)(?:\?|$)|\/(unmap)\//;
const destructive = (b: { action: string; posts: string[] }) =>
  VERB.test(b.action) || b.posts.some((p) => ["state=suspended", "active=0", "orgAdmin=0", "blocked=1"].includes(p));
/** The kind of a button: its verb, with what it posts. */
const kindOf = (b: { action: string; posts: string[] }) => {
  const m = VERB.exec(b.action);
  return (m ? (m[1] ?? m[2])! : b.action.replace(/\?.*/, "").replace(/.*\//, "")) + (b.posts.length ? `:${b.posts.join(",")}` : "");
};

/**
 * Issue 9: every page of a service, the carrier trunks and every organization page, with something
 * to delete on each; every button that takes something away must ask first.
 */
async function fullCenter() {
  const t = await testOps();
  const { admin } = t;
  await admin.post("/admin/services/demo/phones", { model: "yealink", mac: "001565aabbcc", agent: "a1", rotate: "1" });
  await admin.post("/admin/services/demo/menu", { digit: "9", kind: "info", text: "영업시간 안내입니다." });
  await admin.post("/admin/services/demo/holidays", { date: "2026-05-01", name: "창립기념일", kind: "holiday", repeat: "yearly" });
  await admin.post("/admin/services/demo/notices", { title: "점검", body: "오늘 점검합니다." });
  await admin.post("/admin/services/demo/trace", { filter: "1001", minutes: "5" });
  await admin.post("/admin/trunks", { name: "KT", mode: "peer", host: "192.0.2.1", port: "5060", number: ["15880000"], serviceId: ["demo"] });
  await t.repos.members.create({ loginId: "kim", name: "Kim", password: "kim-password-1", email: "kim@example.com", orgAdmin: true });
  t.deps.admin.cti.map(SYSTEM, { loginId: "kim", ctiId: "cti-kim", ctiNumber: "1001" });
  t.deps.admin.webhooks.add(SYSTEM, { url: "https://crm.example/hook", events: ["call.ended"] });
  t.deps.admin.apiKeys.add(SYSTEM, { name: "crm" });
  t.deps.admin.services.update(SYSTEM, "other", { state: "suspended" });
  return t;
}

describe("safe actions on every admin page (issue 9, walked)", () => {
  it("every button that deletes, resets, revokes, stops, suspends or deactivates MUST ask first, on every service and organization page", async () => {
    const t = await fullCenter();
    const pages = [
      ...SERVICE_PAGES.map((p) => `/admin/services/demo/${p}`),
      "/admin/trunks", "/admin/phones",
      ...["services", "charges", "info", "members", "cti?serviceId=demo", "permissions", "webhooks", "tickets", "me/settings"].map((p) => `/admin/org/${p}`),
    ];
    const seen = new Set<string>();
    const silent: string[] = [];
    for (const page of pages) {
      const res = await t.admin.get(page);
      expect(res.status, page).toBe(200);
      for (const b of buttons(await res.text()).filter(destructive)) {
        seen.add(kindOf(b));
        if (!b.asks) silent.push(`${page}: ${b.action} ${b.posts.join(",")}`);
      }
    }
    expect(silent).toEqual([]);
    // The walk met every kind of button it guards (so it cannot pass by finding none).
    for (const kind of ["delete", "reset", "stop", "block:blocked=1", "remove", "revoke", "terminate", "unmap", "api-key", "state:state=suspended", "active:active=0", "org-admin:orgAdmin=0"]) {
      expect([...seen], kind).toContain(kind);
    }
  });

  it("the questions MUST say what will be lost, in Korean and English", async () => {
    const t = await fullCenter();
    const members = await (await t.admin.get("/admin/org/members")).text();
    expect(members).toContain('data-confirm="Kim(kim)을(를) 삭제하면 모든 서비스의 권한과 로그인이 없어집니다');
    expect(members).toContain('data-confirm="Kim(kim)을(를) 비활성화하면 바로 로그아웃되고');
    const services = await (await t.admin.get("/admin/org/services?lang=en")).text();
    expect(services).toContain("Terminating Other (other) cannot be undone");
    expect(services).toContain("Suspending Demo (demo) stops its number from taking calls");
    expect(await (await t.admin.get("/admin/org/info")).text()).toContain("지금 키는 바로 쓸 수 없게 되어");
    expect(await (await t.admin.get("/admin/org/cti?serviceId=demo")).text()).toContain("이 멤버는 상담 앱으로 전화를 받을 수 없습니다");
    expect(await (await t.admin.get("/admin/org/webhooks")).text()).toContain("전송 기록도 없어집니다");
  });

  it("every change on the organization pages MUST end on a page that says it went through", async () => {
    const t = await fullCenter();
    const { admin } = t;
    const ok = async (res: Response) => {
      const html = res.status === 303 ? await (await admin.get(res.headers.get("location")!)).text() : await res.text();
      return /class="notice (ok|secret)" role="status"/.test(html);
    };
    const hook = t.repos.webhooks.list()[0]!.id;
    const changes: [string, Record<string, string | string[]>][] = [
      ["/admin/org/info", { name: "Acme", domain: "acme.example" }],
      ["/admin/org/info/keys", { name: "erp", serviceId: "" }],
      ["/admin/org/info/keys/erp/revoke", {}],
      ["/admin/org/charges/prices", { licence: "31000" }],
      ["/admin/org/members", { name: "Lee", loginId: "lee", email: "lee@example.com" }],
      ["/admin/org/members/lee/active", { active: "0" }],
      ["/admin/org/members/lee/org-admin", { orgAdmin: "1" }],
      ["/admin/org/members/lee/roles", { serviceId: "demo", role: "agent", want: "1" }],
      ["/admin/org/members/lee/remove", {}],
      ["/admin/org/cti/map/kim?serviceId=demo", { ctiId: "cti-k2", ctiNumber: "1002" }],
      ["/admin/org/cti/unmap/kim?serviceId=demo", {}],
      ["/admin/org/webhooks", { url: "https://erp.example/hook", events: ["call.ended"] }],
      [`/admin/org/webhooks/${hook}/remove`, {}],
      ["/admin/org/services/other/state", { state: "active" }],
      ["/admin/org/me/settings", { nickname: "Boss", uiLang: "ko" }],
    ];
    for (const [path, fields] of changes) expect(await ok(await admin.post(path, fields)), path).toBe(true);
  });
});

/**
 * A page's forms that save what they show: their fields as the page filled them in. Left out: uploads,
 * one-button forms, password forms, forms that add something new, and a text with nothing in it yet.
 */
const ADDS = /\/(menu|agents|types|notices|phones|holidays|trace|members|webhooks|keys|tickets|roles)(\?|$)/;
function savingForms(html: string): { action: string; body: URLSearchParams }[] {
  const out: { action: string; body: URLSearchParams }[] = [];
  for (const m of html.matchAll(/<form method="post" action="([^"]+)"([^>]*)>(.*?)<\/form>/gs)) {
    const [, action, attrs, inner] = m as unknown as [string, string, string, string];
    if (/class="inline"|enctype=/.test(attrs) || /type="file"/.test(inner) || action.endsWith("/logout")) continue;
    const body = new URLSearchParams();
    let emptyRequired = false;
    if (/type="password"/.test(inner) || ADDS.test(action)) continue;
    for (const i of inner.matchAll(/<input([^>]*)\/?>/g)) {
      const a = i[1]!;
      const name = /name="([^"]+)"/.exec(a)?.[1];
      const type = /type="([^"]+)"/.exec(a)?.[1] ?? "text";
      const value = (/value="([^"]*)"/.exec(a)?.[1] ?? "").replace(/&amp;/g, "&").replace(/&quot;/g, '"');
      if (!name || type === "submit" || type === "button") continue;
      if ((type === "checkbox" || type === "radio") && !/checked/.test(a)) continue;
      if (/required/.test(a) && !value) emptyRequired = true;
      body.append(name, value);
    }
    for (const s of inner.matchAll(/<select[^>]*name="([^"]+)"[^>]*>(.*?)<\/select>/gs)) {
      const selected = /<option value="([^"]*)"[^>]*selected/.exec(s[2]!)?.[1] ?? /<option value="([^"]*)"/.exec(s[2]!)?.[1] ?? "";
      body.append(s[1]!, selected);
    }
    for (const t of inner.matchAll(/<textarea[^>]*name="([^"]+)"([^>]*)>(.*?)<\/textarea>/gs)) {
      if (/required/.test(t[2]!) && !t[3]) emptyRequired = true;
      if (!t[3]) emptyRequired = true;
      body.append(t[1]!, t[3]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
    }
    if (!emptyRequired) out.push({ action: action.replace(/&amp;/g, "&"), body });
  }
  return out;
}

describe("success messages on every admin page (issue 9, walked)", () => {
  it("every form that saves what a page shows MUST, saved as it is, end on a page that says it went through", async () => {
    const t = await fullCenter();
    const pages = [
      ...["info", "phones", "prompts", "menu", "hours", "holidays", "agents", "assignment", "types", "work", "notices", "access", "history/worklist"].map((p) => `/admin/services/demo/${p}`),
      ...["charges", "info", "cti?serviceId=demo", "me/settings"].map((p) => `/admin/org/${p}`),
    ];
    const silent: string[] = [];
    let saved = 0;
    for (const page of pages) {
      for (const f of savingForms(await (await t.admin.get(page)).text())) {
        f.body.set("_csrf", t.admin.csrf);
        const res = await t.app.request(f.action, {
          method: "POST", headers: { Cookie: t.admin.cookie, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" }, body: f.body.toString(),
        });
        const html = res.status === 303 ? await (await t.admin.get(res.headers.get("location")!)).text() : await res.text();
        if (res.status >= 400 || !/role="status"/.test(html)) silent.push(`${page} → ${f.action} (${res.status})`);
        else saved++;
      }
    }
    expect(silent).toEqual([]);
    expect(saved).toBeGreaterThanOrEqual(10); // info, hours, holidays, assignment, work, worklist, charges, org info, CTI, my settings
  });
});
