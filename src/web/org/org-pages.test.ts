import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient, ORIGIN } from "../admin/test-admin.ts";
import { loadConfig } from "../../config.ts";

type Client = Awaited<ReturnType<typeof adminClient>>;

/** A multipart POST (the service forms carry a banner upload). */
function multipart(app: Awaited<ReturnType<typeof testApp>>["app"], a: Client, path: string, fields: Record<string, string>, file?: File) {
  const body = new FormData();
  body.set("_csrf", a.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set("banner", file);
  return app.request(path, { method: "POST", headers: { Cookie: a.cookie, Origin: ORIGIN }, body });
}

async function setup() {
  // Behind a trusted proxy (the test's requests have no socket): X-Forwarded-For names the client.
  const t = await testApp({ config: { ...loadConfig({}), trustedProxies: ["unknown"] } });
  const admin = await adminClient(t.app);
  return { ...t, admin };
}

describe("organization pages (O1–O4, O6, X4)", () => {
  it("MUST be only for organization admins; an org admin with no service role lands on them", async () => {
    const { app, repos, admin } = await setup();
    expect((await app.request("/admin/org/services")).headers.get("location")).toStartWith("/admin/login");
    expect((await admin.get("/admin/org/")).headers.get("location")).toBe("/admin/org");
    expect((await admin.get("/admin/org")).headers.get("location")).toBe("/admin/org/services");
    const m = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(m.id, "demo", "service-admin");
    const lee = await adminClient(app, "lee", "lee-password");
    for (const p of ["services", "charges", "info", "members", "permissions", "webhooks", "services/demo/contract"]) {
      expect((await lee.get(`/admin/org/${p}`)).status, p).toBe(403);
    }
    expect((await lee.post("/admin/org/info/api-key", {})).status).toBe(403);
    const boss = await repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password", orgAdmin: true });
    expect(boss.roles).toEqual([]);
    const b = await adminClient(app, "boss", "boss-password");
    expect((await b.get("/admin")).headers.get("location")).toBe("/admin/org/services");
    const ko = await (await b.get("/admin/org/services")).text();
    expect(ko).toContain("<h1>계약 현황</h1>");
    const en = await (await b.get("/admin/org/services?lang=en")).text();
    expect(en).toContain("<h1>Contracted services</h1>");
    // O4: the org admin role alone shows no service data — each service page says so and how to get the role.
    for (const p of ["dashboard", "statistics", "history/calls", "agents", "info"]) {
      const refused = await b.get(`/admin/services/demo/${p}`);
      expect(refused.status, p).toBe(403);
      expect(await refused.text(), p).toContain("조직관리자 권한만으로는 서비스의 데이터를 볼 수 없습니다");
    }
    expect(await (await b.get("/admin/services")).text()).not.toContain("/admin/services/demo/");
    expect((await b.get("/admin/services/nope/dashboard")).status).toBe(404);
    // Nor through the organization's own member pages: a service's tickets and figures are refused, saying why.
    for (const p of ["tickets?serviceId=demo", "me/performance?serviceId=demo"]) {
      const refused = await b.get(`/admin/org/${p}`);
      expect(refused.status, p).toBe(403);
      expect(await refused.text(), p).toContain("서비스 관리자 역할을 받으세요");
    }
    expect(await (await b.get("/admin/org/tickets")).text()).not.toContain('value="demo"');
    expect((await b.post("/admin/org/tickets?serviceId=demo", { title: "x" })).status).toBe(403);
    expect(repos.tickets.list("demo")).toEqual([]);
  });

  it("O1: MUST add a service in two steps, keep it 'not in use' with a register button until the contract is signed", async () => {
    const { app, repos, admin } = await setup();
    const png = new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "b.png", { type: "image/png" });
    const step1 = await multipart(app, admin, "/admin/org/services/new", { type: "contact-center", name: "Shop", serviceId: "shop", language: "en", timezone: "" }, png);
    expect(step1.status).toBe(303);
    expect(step1.headers.get("location")).toBe("/admin/org/services/shop/contract?created=1");
    expect(repos.services.get("shop")).toMatchObject({ state: "pending", timezone: "UTC", language: "en" });
    // Whoever adds a service administers it (the org admin role alone would not, O4), logged as a grant (O6).
    expect(repos.members.hasRole(repos.members.findByLoginId("admin")!, "shop", "service-admin")).toBe(true);
    expect(repos.permissionLog.searchAll({}).some((e) => e.serviceId === "shop" && e.action === "grant" && e.role === "service-admin")).toBe(true);
    const list = await (await admin.get("/admin/org/services")).text();
    expect(list).toContain('href="/admin/org/services/shop/contract" class="button" role="button">등록</a>');
    expect(list).toContain("미사용");
    const banner = await admin.get("/admin/org/services/shop/banner");
    expect(banner.headers.get("content-type")).toBe("image/png");
    const form = await (await admin.get("/admin/org/services/shop/contract")).text();
    expect(form).toContain('name="features" value="phone" checked');
    const estimate = await admin.post("/admin/org/services/shop/contract/estimate", { features: ["phone"], licences: "2" }, { "HX-Request": "true" });
    // base 50,000 + 2 × 30,000 + phone 40,000
    expect(await estimate.text()).toContain("150,000원");
    const signed = await admin.post("/admin/org/services/shop/contract", { features: ["phone", "callback"], licences: "2" });
    expect(signed.status).toBe(303);
    expect(repos.services.get("shop")).toMatchObject({ state: "active", licences: 2 });
    expect(repos.contracts.get("shop").features).toEqual(["phone", "callback"]);
  });

  it("issue 9: names over the limits MUST be refused on every organization form with a message that says the limit, nothing stored", async () => {
    const { app, repos, admin } = await setup();
    const over = "가".repeat(101);
    const svc = await multipart(app, admin, "/admin/org/services/new", { type: "contact-center", name: over, serviceId: "shop", language: "ko" });
    expect(svc.status).toBe(422);
    expect(await svc.text()).toContain("너무 깁니다. 100자 이하로 줄이세요.");
    const longId = await multipart(app, admin, "/admin/org/services/new", { type: "contact-center", name: "Shop", serviceId: "s".repeat(33), language: "ko" });
    expect(await longId.text()).toContain("영문(A–Z, a–z)만 32자까지 쓸 수 있습니다");
    expect(repos.services.get("shop")).toBeUndefined();
    const org = repos.organization.get();
    const info = await admin.post("/admin/org/info?lang=en", { name: over, domain: "acme.example" });
    expect(info.status).toBe(422);
    expect(await info.text()).toContain("Too long: shorten it to 100 characters or fewer.");
    expect(repos.organization.get()).toEqual(org);
    const invite = await admin.post("/admin/org/members", { name: over, loginId: `a${"b".repeat(64)}`, email: `${"e".repeat(200)}@example.com` });
    expect(invite.status).toBe(422);
    const page = await invite.text();
    for (const max of [100, 64, 200]) expect(page).toContain(`${max}자 이하로 줄이세요`);
    expect(repos.members.list().map((m) => m.loginId)).toEqual(["admin"]);
  });

  it("O1: bad input on every form MUST get a field message and change nothing stored", async () => {
    const { app, repos, admin } = await setup();
    const before = repos.services.list();
    for (const serviceId of ["shop2", "my shop"]) {
      const r = await multipart(app, admin, "/admin/org/services/new", { type: "contact-center", name: "Shop", serviceId, language: "ko" });
      expect(r.status).toBe(422);
      expect(await r.text()).toContain("숫자와 공백은 쓸 수 없습니다");
    }
    const lang = await multipart(app, admin, "/admin/org/services/new?lang=en", { type: "contact-center", name: "Shop", serviceId: "shop", language: "xx" });
    expect(lang.status).toBe(422);
    expect(await lang.text()).toContain("Not an ISO 639-1 language code");
    expect(repos.services.list()).toEqual(before);

    // The contract is edited at most once a day.
    expect((await admin.post("/admin/org/services/demo/contract", { features: ["phone"], licences: "10" })).status).toBe(303);
    const again = await admin.post("/admin/org/services/demo/contract", { features: ["phone", "recording"], licences: "10" });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("계약정보는 하루에 1번만 수정할 수 있습니다");
    expect(repos.contracts.get("demo").features).toEqual(["phone"]);

    // Terminating a service in use is refused.
    const term = await admin.post("/admin/org/services/demo/terminate", {});
    expect(term.status).toBe(409);
    expect(await term.text()).toContain("이용정지 상태인 서비스만 해지할 수 있습니다");
    expect(repos.services.get("demo")?.state).toBe("active");

    // Organization info, the price table, invitations and webhooks.
    const org = repos.organization.get();
    const info = await admin.post("/admin/org/info", { name: "Acme", domain: "not a domain" });
    expect(info.status).toBe(422);
    expect(await info.text()).toContain("도메인 형식");
    expect(repos.organization.get()).toEqual(org);
    const prices = repos.prices.table();
    const price = await admin.post("/admin/org/charges/prices", { licence: "-5" });
    expect(price.status).toBe(422);
    expect(repos.prices.table()).toEqual(prices);
    const invite = await admin.post("/admin/org/members", { name: "Kim", loginId: "kim", email: "not-an-email" });
    expect(invite.status).toBe(422);
    expect(await invite.text()).toContain("이메일 형식");
    expect(repos.members.findByLoginId("kim")).toBeUndefined();
    const hook = await admin.post("/admin/org/webhooks", { url: "ftp://example.com/x", events: "call.ended" });
    expect(hook.status).toBe(422);
    expect(await hook.text()).toContain("http 또는 https URL");
    expect(repos.webhooks.list()).toEqual([]);
  });

  it("O1: features left off in the contract MUST gate their pages and API routes", async () => {
    const { app, admin, creds } = await setup();
    const api = (path: string) => app.request(path, { headers: { Authorization: `Bearer ${creds.apiKey}` } });
    expect((await admin.get("/admin/services/demo/statistics")).status).not.toBe(404); // 503 here: no call center runs
    expect((await admin.post("/admin/org/services/demo/contract", { features: ["phone"], licences: "10" })).status).toBe(303);
    expect((await admin.get("/admin/services/demo/statistics")).status).toBe(404);
    expect((await admin.get("/admin/services/demo/history/callbacks")).status).toBe(404);
    expect((await api("/api/v1/services/demo/stats")).status).toBe(404);
    expect((await api("/api/v1/services/demo/callbacks")).status).toBe(404);
    // The lost-caller worklist is part of the callbacks feature (issue 10).
    expect((await admin.get("/admin/services/demo/history/worklist")).status).toBe(404);
    expect((await api("/api/v1/services/demo/worklist")).status).toBe(404);
    expect((await admin.get("/admin/services/demo/history/calls")).status).not.toBe(404);
    // Tickets off too: the tickets page does not offer the service, and refuses it when named.
    expect(await (await admin.get("/admin/org/tickets")).text()).not.toContain('value="demo"');
    expect((await admin.get("/admin/org/tickets?serviceId=demo")).status).toBe(404);
    expect((await admin.post("/admin/org/tickets?serviceId=demo", { title: "x" })).status).toBe(404);
    // Hidden in the menus too: no link to a page that would answer 404, on settings and lookup pages alike.
    for (const p of ["info", "agents"]) {
      const nav = await (await admin.get(`/admin/services/demo/${p}`)).text();
      expect(nav, p).not.toContain('href="/admin/services/demo/statistics"');
      expect(nav, p).not.toContain('href="/admin/services/demo/history/callbacks"');
      expect(nav, p).not.toContain('href="/admin/services/demo/history/worklist"');
      expect(nav, p).toContain('href="/admin/services/demo/history/calls"');
    }
  });

  it("O1: MUST suspend, then terminate, keeping the terminated service for charges and export", async () => {
    const { repos, admin } = await setup();
    expect((await admin.post("/admin/org/services/demo/state", { state: "suspended" })).status).toBe(303);
    expect((await admin.post("/admin/org/services/demo/terminate", {})).status).toBe(303);
    expect(repos.services.get("demo")).toBeUndefined();
    const list = await (await admin.get("/admin/org/services")).text();
    expect(list).toContain("해지된 서비스");
    expect(list).toContain("/admin/org/services/demo/calls.csv");
    const csv = await admin.get("/admin/org/services/demo/calls.csv");
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("callId,direction,from,to");
  });

  it("O3: MUST show the key masked, and a regenerated key locks the old one out at once", async () => {
    const { app, admin, creds } = await setup();
    const api = (key: string) => app.request("/api/v1/services", { headers: { Authorization: `Bearer ${key}` } });
    expect((await api(creds.apiKey)).status).toBe(200);
    const page = await (await admin.get("/admin/org/info")).text();
    expect(page).not.toContain(creds.apiKey);
    expect(page).toContain("https://localhost:8443/admin/");
    const regen = await (await admin.post("/admin/org/info/api-key", {})).text();
    const key = /id="new-key">([^<]+)</.exec(regen)![1]!;
    expect((await api(creds.apiKey)).status).toBe(401);
    expect((await api(key)).status).toBe(200);
    expect(await (await admin.get("/admin/org/info")).text()).not.toContain(key);
    // A named key limited to one service (X4) is shown once and reaches only that service.
    const made = await (await admin.post("/admin/org/info/keys", { name: "crm", serviceId: "demo" })).text();
    const named = /id="named-key">([^<]+)</.exec(made)![1]!;
    expect(made).toContain("demo 서비스만");
    expect((await app.request("/api/v1/services/demo", { headers: { Authorization: `Bearer ${named}` } })).status).toBe(200);
    expect((await app.request("/api/v1/trunks", { headers: { Authorization: `Bearer ${named}` } })).status).toBe(403);
    expect((await admin.post("/admin/org/info/keys/crm/revoke", {})).status).toBe(303);
    expect((await app.request("/api/v1/services/demo", { headers: { Authorization: `Bearer ${named}` } })).status).toBe(401);
  });

  it("O4, O6: MUST invite with a link shown once, and log every grant and revoke with its IP, searchable", async () => {
    const { app, repos, admin } = await setup();
    const headers = { "X-Forwarded-For": "198.51.100.7" };
    const res = await admin.post("/admin/org/members", { name: "Kim Minji", loginId: "kim", email: "kim@example.com" }, headers);
    const link = /id="invite-link">([^<]+)</.exec(await res.text())![1]!;
    const path = new URL(link).pathname;
    expect((await admin.get("/admin/org/members")).status).toBe(200);
    expect(await (await admin.get("/admin/org/members")).text()).not.toContain(path);
    const welcome = await app.request(path);
    expect(await welcome.text()).toContain("kim");
    const set = await app.request(path, { method: "POST", headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: "password=kim-password-1" });
    expect(set.status).toBe(200);
    expect((await app.request(path)).status).toBe(404);
    await adminClient(app, "kim", "kim-password-1");

    const grants: [string, Record<string, string>][] = [
      ["org-admin", { orgAdmin: "1" }],
      ["roles", { serviceId: "demo", role: "agent", action: "grant" }],
      ["roles", { serviceId: "demo", role: "agent", action: "revoke" }],
      ["org-admin", { orgAdmin: "0" }],
    ];
    for (const [p, f] of grants) expect((await admin.post(`/admin/org/members/kim/${p}`, f, headers)).status).toBe(303);
    const log = repos.permissionLog.searchAll({ q: "kim" });
    expect(log.map((e) => `${e.action} ${e.role} ${e.serviceId} ${e.ip}`)).toEqual([
      "revoke org-admin  198.51.100.7", "revoke agent demo 198.51.100.7", "grant agent demo 198.51.100.7", "grant org-admin  198.51.100.7",
    ]);
    const page = await (await admin.get("/admin/org/permissions?q=198.51")).text();
    expect(page.match(/198\.51\.100\.7/g)?.length).toBe(4);
    expect(page).toContain("조직관리자 권한 부여");
    const search = await (await admin.get("/admin/org/members?q=MINJI")).text();
    expect(search).toContain('id="member-kim"');
    expect(search).not.toContain('id="member-admin"');
  });

  it("O4: MUST mail the set-password link when mail is configured, and not show it", async () => {
    const { deps, admin } = await setup();
    const sent: { to: string; text: string }[] = [];
    deps.admin.setHooks({ mailer: { send: async (to, _subject, text) => void sent.push({ to, text }) } });
    const page = await (await admin.post("/admin/org/members", { name: "Park", loginId: "park", email: "park@example.com" })).text();
    expect(page).toContain("park@example.com로 비밀번호 설정 메일을 보냈습니다");
    expect(page).not.toContain('id="invite-link"');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("park@example.com");
    expect(sent[0]!.text).toMatch(/\/admin\/org\/welcome\/\w+/);
  });

  it("O2: MUST show the month's charges per service, per type and in total from the price table", async () => {
    const { repos, admin } = await setup();
    // demo (made before contracts existed) counts as contracted with every feature since it was made.
    const month = Temporal.Instant.fromEpochMilliseconds(repos.services.get("demo")!.createdAt).toZonedDateTimeISO("Asia/Seoul").toPlainDate().toString().slice(0, 7);
    const page = await (await admin.get(`/admin/org/charges?month=${month}`)).text();
    const p = repos.prices.table();
    const want = p["base:contact-center"]! + 10 * p.licence! + ["phone", "callback", "recording", "statistics", "tickets"].reduce((s, f) => s + p[`feature:${f}`]!, 0);
    expect(page).toContain(`${want.toLocaleString("ko-KR")}원`);
    expect((await admin.post("/admin/org/charges/prices", { licence: "1000" })).status).toBe(303);
    expect(repos.prices.table().licence).toBe(1000);
  });
});
