import { describe, expect, it } from "bun:test";
import type { BindingRecord } from "../../store/index.ts";
import { adminClient } from "../admin/test-admin.ts";
import { testApp } from "../test-app.ts";

const binding = (aor: string, now: number): BindingRecord => ({
  aor, contact: `<sip:${aor}@192.0.2.1:5062>`, source: { transport: "udp", address: "192.0.2.1", port: 5062 },
  callId: `c-${aor}`, cseq: 1, expiresAt: now + 60_000, updatedAt: now, userAgent: `Phone ${aor}`,
});

describe("registered devices and the organization admin (O4, X4, issue 10)", () => {
  it("O4: an org admin without a service role MUST get 403 on /admin/phones (service data), saying where to take the role; with the role, only that service's devices", async () => {
    const { app, repos, state } = await testApp();
    state.bindings = [binding("1001", state.now), binding("7777", state.now)]; // 1001 is demo's agent; 7777 nobody's
    const boss = await repos.members.create({ loginId: "boss", name: "Boss", password: "boss-password", orgAdmin: true });
    const page = await adminClient(app, "boss", "boss-password");
    for (const lang of ["ko", "en"]) {
      const res = await page.get(`/admin/phones?lang=${lang}`);
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toContain("/admin/org/members");
      expect(body).not.toContain("Phone 1001");
    }
    const hx = await page.get("/admin/phones", { "HX-Request": "true" });
    expect(hx.status).toBe(403);
    expect(await hx.text()).not.toContain("Phone 1001");

    repos.members.grant(boss.id, "demo", "service-admin");
    const granted = await adminClient(app, "boss", "boss-password");
    const html = await (await granted.get("/admin/phones?lang=en")).text();
    expect(html).toContain("Phone 1001");
    expect(html).toContain("Phone 7777"); // a device no agent owns is no service's data
  });

  it("X4: a service admin MUST see only the devices of their own service's agents", async () => {
    const { app, repos, state } = await testApp();
    state.bindings = [binding("1001", state.now), binding("7777", state.now)];
    repos.services.create({ serviceId: "other", name: "Other", number: "0700", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
    const lee = await repos.members.create({ loginId: "lee", name: "Lee", password: "lee-password" });
    repos.members.grant(lee.id, "other", "service-admin");
    const page = await adminClient(app, "lee", "lee-password");
    const res = await page.get("/admin/phones?lang=en");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain("Phone 1001");
    expect(html).not.toContain("Phone 7777");
  });
});
