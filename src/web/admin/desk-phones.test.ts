import { describe, expect, it } from "bun:test";
import { digestHa1 } from "../../store/index.ts";
import { digestAuthorization } from "../provision/digest.ts";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

const pick = (html: string, id: string) => new RegExp(`data-testid="${id}">([^<]+)<`).exec(html)?.[1];

async function fetchFile(app: Awaited<ReturnType<typeof testApp>>["app"], file: string, user: string, password: string, algorithm: "MD5" | "SHA-256") {
  const first = await app.request(`http://cc.example/provision/${file}`);
  expect(first.status).toBe(401);
  const challenges = first.headers.get("www-authenticate")!;
  const nonce = /nonce="([^"]+)"/.exec(challenges)![1]!;
  const auth = digestAuthorization({ username: user, password, realm: "provisioning", nonce, uri: `/provision/${file}`, method: "GET", algorithm });
  return app.request(`http://cc.example/provision/${file}`, { headers: { Authorization: auth } });
}

describe("desk phones (G2)", () => {
  it("G2: MUST refuse a bad MAC or unknown agent with 422 and store nothing", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/phones", { model: "yealink", mac: "00:15:65:zz", agent: "agent1" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="mac-error"');
    expect((await admin.post("/admin/services/demo/phones", { model: "fax", mac: "001565aabbcc", agent: "nobody" })).status).toBe(422);
    expect(repos.deskPhones.list("demo")).toEqual([]);
  });

  it("G2: MUST register a Yealink with a new SIP password asked for on purpose, and serve its file behind digest auth", async () => {
    const { app, repos, db } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/phones", { model: "yealink", mac: "00:15:65:AA:BB:CC", agent: "agent1", rotate: "1" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const prov = pick(html, "prov-password")!;
    const sip = pick(html, "sip-password")!;
    expect(html).toContain("001565aabbcc.cfg");
    const row = db.query("SELECT ha1_md5 FROM agents WHERE login_id = 'agent1' AND service_id = 'demo'").get() as { ha1_md5: string };
    expect(row.ha1_md5).toBe(digestHa1("md5", "1001", "contact-center", sip));
    expect(await (await admin.get("/admin/services/demo/phones")).text()).not.toContain(prov);

    const ok = await fetchFile(app, "001565aabbcc.cfg", "1001", prov, "SHA-256");
    expect(ok.status).toBe(200);
    const cfg = await ok.text();
    expect(cfg).toContain("account.1.user_name = 1001");
    expect(cfg).toContain(`account.1.password = ${sip}`);
    expect(cfg).toContain("account.1.sip_server.1.address = cc.example");
    expect(cfg).toContain("account.1.sip_server.1.port = 5060");
    expect((await fetchFile(app, "001565aabbcc.cfg", "1001", "wrong", "MD5")).status).toBe(401);
    expect((await fetchFile(app, "001565aabbcc.cfg", "1002", prov, "MD5")).status).toBe(401);
    expect(repos.audit.list("demo")[0]!.target).toContain("phones/001565aabbcc");
  });

  it("G2: MUST serve Grandstream cfg<mac>.xml and Polycom <mac>.cfg + <mac>-sip.cfg, and hand values for other models", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const gs = await (await admin.post("/admin/services/demo/phones", { model: "grandstream", mac: "000b82112233", agent: "agent2", rotate: "1" })).text();
    const gsFile = await fetchFile(app, "cfg000b82112233.xml", "1002", pick(gs, "prov-password")!, "MD5");
    expect(await gsFile.text()).toContain(`<P34>${pick(gs, "sip-password")}</P34>`);
    const pc = await (await admin.post("/admin/services/demo/phones", { model: "polycom", mac: "0004f2445566", agent: "agent3", rotate: "1" })).text();
    const master = await fetchFile(app, "0004f2445566.cfg", "1003", pick(pc, "prov-password")!, "MD5");
    expect(await master.text()).toContain('CONFIG_FILES="0004f2445566-sip.cfg"');
    const sipCfg = await fetchFile(app, "0004f2445566-sip.cfg", "1003", pick(pc, "prov-password")!, "SHA-256");
    expect(await sipCfg.text()).toContain(`reg.1.auth.password="${pick(pc, "sip-password")}"`);
    const other = await (await admin.post("/admin/services/demo/phones", { model: "other", mac: "aabbccddeeff", agent: "agent1", rotate: "1" })).text();
    expect(pick(other, "sip-password")).toHaveLength(16);
    expect(pick(other, "prov-password")).toBeUndefined();
    expect((await app.request("/provision/aabbccddeeff.cfg")).status).toBe(401);
  });

  it("G2: MUST share one SIP password among an extension's phones and replace it only on purpose, naming the phones to update", async () => {
    const { app, repos, creds } = await testApp();
    const admin = await adminClient(app);
    const current = creds.agents.find((a) => a.loginId === "agent1")!.sipPassword;
    const add = (mac: string, extra: Record<string, string> = {}) => admin.post("/admin/services/demo/phones", { model: "yealink", mac, agent: "agent1", ...extra });

    const none = await add("001565000001");
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('id="sipPassword-error"');
    expect((await add("001565000001", { sipPassword: "not-the-password" })).status).toBe(422);
    expect(repos.deskPhones.list("demo")).toEqual([]);

    const first = await (await add("001565000001", { sipPassword: current })).text();
    expect(pick(first, "sip-password")).toBe(current);
    const second = await (await add("001565000002")).text();
    expect(pick(second, "sip-password")).toBe(current);
    expect(repos.agents.checkSipPassword("demo", "agent1", current)).toBe(true);

    const third = await (await add("001565000003", { rotate: "1" })).text();
    const fresh = pick(third, "sip-password")!;
    expect(fresh).not.toBe(current);
    expect(pick(third, "password-note")).toContain("00:15:65:00:00:01, 00:15:65:00:00:02");
    expect(repos.agents.checkSipPassword("demo", "agent1", fresh)).toBe(true);
    expect(repos.deskPhones.list("demo").map((p) => p.sipPassword)).toEqual([fresh, fresh, fresh]);
  });
});
