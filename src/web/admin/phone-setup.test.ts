import { describe, expect, it } from "bun:test";
import { loadConfig } from "../../config.ts";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

const setup = (html: string, key: string) => new RegExp(`data-setup="${key}">([^<]+)<`).exec(html)?.[1];

describe("phone setup shown where it is needed (issue 9, G2, G5, T2)", () => {
  it("G5: after adding an agent the page MUST show server, port per transport, realm, user, the password once, the app address and its QR code", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    const res = await admin.post("http://cc.example/admin/services/demo/agents", { loginId: "walker", name: "김상담" }, { Origin: "http://cc.example" });
    const html = await res.text();
    const agent = repos.agents.get("demo", "walker")!;
    expect(setup(html, "server")).toBe("cc.example");
    expect(setup(html, "port-udp")).toBe("5060");
    expect(setup(html, "port-tcp")).toBe("5060");
    expect(setup(html, "port-tls")).toBe("5061");
    expect(setup(html, "port-ws")).toBe("8080");
    expect(setup(html, "port-wss")).toBe("8443");
    expect(html).toContain("wss://cc.example:8443/ws");
    expect(setup(html, "realm")).toBe("contact-center");
    expect(setup(html, "user")).toBe(agent.extension);
    const password = setup(html, "password")!;
    expect(password).toBe(/data-testid="sip-password">([^<]+)</.exec(html)![1]!);
    expect(setup(html, "console-url")).toBe("https://cc.example:8443/agent/login?serviceId=demo&amp;loginId=walker");
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain(`href="/admin/services/demo/agents/walker/sheet"`);
    expect(html).toContain("상담배정에서 이 상담사를 상담큐에 배정하세요");

    // The printable sheet: every value again, the password never.
    const sheet = await (await admin.get("http://cc.example/admin/services/demo/agents/walker/sheet")).text();
    expect(setup(sheet, "user")).toBe(agent.extension);
    expect(setup(sheet, "server")).toBe("cc.example");
    expect(sheet).not.toContain(password);
    expect(sheet).toContain("추가할 때 받은 비밀번호를 적으세요");
    expect((await admin.get("/admin/services/demo/agents/nobody/sheet")).status).toBe(404);
  });

  it("T2: MUST list only the transports that listen (no TLS, no WSS when their ports are 0) and use CC_EXTERNAL_ADDRESS", async () => {
    const config = { ...loadConfig({}), sipTlsPort: 0, httpsPort: 0, externalAddress: "203.0.113.9" };
    const { app } = await testApp({ config });
    const admin = await adminClient(app);
    const html = await (await admin.post("http://127.0.0.1:8080/admin/services/demo/agents", { loginId: "walker", name: "Walker" }, { Origin: "http://127.0.0.1:8080" })).text();
    expect(setup(html, "server")).toBe("203.0.113.9");
    expect(setup(html, "port-tls")).toBeUndefined();
    expect(setup(html, "port-wss")).toBeUndefined();
    expect(setup(html, "console-url")).toStartWith("http://127.0.0.1:8080/agent/login?");
  });

  it("G2: after registering a desk phone the page MUST show its provisioning address with a QR code", async () => {
    const { app } = await testApp();
    const admin = await adminClient(app);
    const html = await (await admin.post("http://cc.example/admin/services/demo/phones", { model: "yealink", mac: "00:15:65:AA:BB:CC", agent: "agent1", rotate: "1" }, { Origin: "http://cc.example" })).text();
    expect(setup(html, "provisioning-url")).toBe("http://cc.example/provision/001565aabbcc.cfg");
    expect(setup(html, "user")).toBe("1001");
    expect(setup(html, "password")).toBe(/data-testid="sip-password">([^<]+)</.exec(html)![1]!);
    expect(html).toContain('class="qr"');
  });

  it("A1: the agent app's sign-in MUST take the service and login ID from the QR code's address", async () => {
    const { app } = await testApp();
    const html = await (await app.request("/agent/login?serviceId=demo&loginId=walker")).text();
    expect(html).toContain('name="serviceId" value="demo"');
    expect(html).toContain('name="loginId" value="walker"');
  });
});
