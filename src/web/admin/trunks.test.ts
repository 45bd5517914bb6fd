import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import type { TrunkStatusView } from "../deps.ts";
import { addOtherService, adminClient } from "./test-admin.ts";

const peer = { name: "SIPp carrier", mode: "peer", host: "127.0.0.1", port: "5070", transport: "udp", number: ["15880000", ""], serviceId: ["demo", "demo"] };

describe("carrier trunks in the pages (T7, issue 9)", () => {
  it("T7: an org admin MUST add a peer trunk and its number, see it listed and get the inbound test hint", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const page = await (await admin.get("/admin/trunks?service=demo")).text();
    expect(page).toContain('value="15880000"'); // opened from the service: its number comes filled in
    const res = await admin.post("/admin/trunks", { ...peer, anyPort: "1", addresses: "192.0.2.7\n192.0.2.8" });
    expect(res.status).toBe(303);
    const [trunk] = repos.trunks.list();
    expect(trunk).toMatchObject({ name: "SIPp carrier", mode: "peer", host: "127.0.0.1", port: 5070, anyPort: true, addresses: ["192.0.2.7", "192.0.2.8"] });
    expect(trunk!.numbers).toEqual([{ number: "15880000", serviceId: "demo" }]);
    const done = await (await admin.get(res.headers.get("location")!)).text();
    expect(done).toContain("회선 &#39;SIPp carrier&#39;을(를) 추가했습니다.");
    expect(done).toContain("휴대전화로 15880000에 전화를 걸어 보세요");
    expect(done).toContain('data-state="peer"');
    expect(done).toContain("15880000</span> → Demo");
  });

  it("T7: MUST refuse what the API refuses, with the same messages in Korean and English", async () => {
    const { app, repos, creds } = await testApp();
    const admin = await adminClient(app);
    const bad = { name: "KT", mode: "register", host: "bad host!", port: "70000", transport: "udp", username: "", password: "", number: ["12"], serviceId: ["demo"] };
    const res = await admin.post("/admin/trunks", bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="host-error"');
    expect(html).toContain('id="port-error"');
    expect(html).toContain('id="username-error"');
    expect(repos.trunks.list()).toHaveLength(0);
    // The API answers the same fields with the same words.
    const api = await app.request("/api/v1/trunks", {
      method: "POST",
      headers: { Authorization: `Bearer ${creds.apiKey}`, "Content-Type": "application/json", "Accept-Language": "ko" },
      body: JSON.stringify({ name: "KT", mode: "register", host: "bad host!", port: 70000 }),
    });
    const fields = ((await api.json()) as { error: { fields: Record<string, string> } }).error.fields;
    for (const f of ["host", "port", "username", "password"]) expect(html, f).toContain(`<span class="error" id="${f}-error" role="alert">${fields[f]}</span>`);
    const en = await admin.post("/admin/trunks?lang=en", bad);
    expect(await en.text()).toContain("Required.");
  });

  it("T7: a number MUST belong to one trunk; the page names the row", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    expect((await admin.post("/admin/trunks", peer)).status).toBe(303);
    const res = await admin.post("/admin/trunks", { ...peer, name: "Second", port: "5080" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<span class="error" id="numbers.0.number-error" role="alert">다른 트렁크가 이미 쓰는 번호입니다.</span>');
  });

  it("T7: MUST edit a trunk (an empty password keeps it) and remove it after asking what will be lost", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    await admin.post("/admin/trunks", { ...peer, mode: "register", username: "070123", password: "secret-1" });
    const id = repos.trunks.list()[0]!.trunkId;
    const form = await (await admin.get(`/admin/trunks/${id}`)).text();
    expect(form).toContain('value="070123"');
    expect(form).not.toContain("secret-1");
    const res = await admin.post(`/admin/trunks/${id}`, { ...peer, name: "Renamed", mode: "register", username: "070123", password: "", number: ["15880001"], serviceId: ["demo"] });
    expect(res.status).toBe(303);
    expect(repos.trunks.get(id)).toMatchObject({ name: "Renamed", password: "secret-1", numbers: [{ number: "15880001", serviceId: "demo" }] });
    const list = await (await admin.get("/admin/trunks")).text();
    expect(list).toContain(`data-confirm="회선 &#39;Renamed&#39;을(를) 삭제하면 번호 15880001(으)로 오는 전화를 더 받지 못하고`);
    expect((await admin.post(`/admin/trunks/${id}/delete`, {})).status).toBe(303);
    expect(repos.trunks.list()).toHaveLength(0);
    expect(await (await admin.get("/admin/trunks?done=removed")).text()).toContain("회선을 삭제했습니다.");
  });

  it("T7/T10: MUST keep a trunk's outbound choices (From user, P-Asserted-Identity, order, cap, outbound proxy) and refuse bad ones", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const reg = { ...peer, mode: "register", username: "070123", password: "secret-1" };
    const res = await admin.post("/admin/trunks", { ...reg, fromUser: "account", priority: "2", maxCalls: "3", outboundProxy: "proxy.carrier.example:5070" });
    expect(res.status).toBe(303);
    const trunk = repos.trunks.list()[0]!;
    // The checkbox left unticked: no P-Asserted-Identity.
    expect(trunk).toMatchObject({ fromUser: "account", assertIdentity: false, priority: 2, maxCalls: 3, outboundProxy: "proxy.carrier.example:5070" });
    const form = await (await admin.get(`/admin/trunks/${trunk.trunkId}`)).text();
    expect(form).toContain('<option value="account" selected="">');
    expect(form).toContain('value="proxy.carrier.example:5070"');
    const list = await (await admin.get("/admin/trunks")).text();
    expect(list).toContain("순서 2");
    expect(list).toContain("동시 3통까지");
    const bad = await admin.post("/admin/trunks", { ...peer, number: ["15880009"], fromUser: "account", priority: "100", maxCalls: "x", outboundProxy: "bad proxy:99999" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const f of ["priority", "maxCalls", "outboundProxy"]) expect(html, f).toContain(`id="${f}-error"`);
    // The account as From user on a trunk without an account: nothing to send.
    const noAccount = await admin.post("/admin/trunks", { ...peer, number: ["15880009"], fromUser: "account" });
    expect(noAccount.status).toBe(422);
    expect(await noAccount.text()).toContain('id="fromUser-error"');
    expect(repos.trunks.list()).toHaveLength(1);
  });

  it("T7: MUST show the registration's live state: the carrier's answer, the retry time and the OPTIONS probe", async () => {
    const states: TrunkStatusView[] = [];
    const { app, repos, state } = await testApp({ trunkStates: () => states });
    const admin = await adminClient(app);
    await admin.post("/admin/trunks", { ...peer, mode: "register", username: "070123", password: "pw" });
    const id = repos.trunks.list()[0]!.trunkId;
    states.push({ trunkId: id, state: "failed", expiresAt: 0, lastAnswer: "403 Forbidden", retryAt: state.now + 30_000, probe: { state: "up", rttMs: 12 } });
    const live = await (await admin.get("/admin/trunks-live")).text();
    expect(live).toStartWith('<section id="trunk-list" hx-get="/admin/trunks-live" hx-trigger="every 3s"');
    expect(live).toContain("등록 실패");
    expect(live).toContain("통신사 응답: 403 Forbidden");
    expect(live).toContain("30초 후 다시 등록합니다");
    expect(live).toContain("응답 있음 (12 ms)");
    states[0] = { trunkId: id, state: "registered", expiresAt: state.now + 600_000, lastAnswer: "200 OK", probe: { state: "down", lastAnswer: "timeout" } };
    const en = await (await admin.get("/admin/trunks-live?lang=en")).text();
    expect(en).toContain('data-state="registered"');
    expect(en).toContain("Registered");
    expect(en).toContain("Not answering");
  });

  it("X4: a service admin MUST see only the trunks of their services, and change none", async () => {
    const { app, repos } = await testApp();
    addOtherService(repos);
    const admin = await adminClient(app);
    await admin.post("/admin/trunks", peer);
    await admin.post("/admin/trunks", { ...peer, name: "Other line", port: "5090", number: ["0700000"], serviceId: ["other"] });
    const m = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password-1" });
    repos.members.grant(m.id, "demo", "service-admin");
    const lee = await adminClient(app, "lee", "lee-password-1");
    const html = await (await lee.get("/admin/trunks")).text();
    expect(html).toContain("SIPp carrier");
    expect(html).not.toContain("Other line");
    expect(html).not.toContain('action="/admin/trunks"');
    expect((await lee.post("/admin/trunks", peer)).status).toBe(403);
    const id = repos.trunks.list()[0]!.trunkId;
    expect((await lee.post(`/admin/trunks/${id}/delete`, {})).status).toBe(403);
    expect(repos.trunks.list()).toHaveLength(2);
  });
});
