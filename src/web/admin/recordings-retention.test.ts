import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import { adminClient } from "./test-admin.ts";

describe("recordings retention page (M5, issue 11)", () => {
  it("M5: MUST set a service's retention through the one door, audited, and clear it when left empty", async () => {
    const { app, repos, db } = await testApp();
    const admin = await adminClient(app);
    const page = await (await admin.get("/admin/services/demo/recordings?lang=en")).text();
    expect(page).toContain('id="retention-form"');
    expect(page).toContain("Disk used by recordings");

    const saved = await admin.post("/admin/services/demo/recordings", { days: "90" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/admin/services/demo/recordings?done=saved");
    expect(repos.recordingGovernance.retention("demo")).toBe(90);
    expect(await (await admin.get("/admin/services/demo/recordings")).text()).toContain('value="90"');
    const entry = db.query("SELECT login_id AS who, before_json AS b, after_json AS a FROM audit_log WHERE action = 'recording-retention'").get();
    expect(entry).toEqual({ who: "admin", b: JSON.stringify({ days: null }), a: JSON.stringify({ days: 90 }) });

    expect((await admin.post("/admin/services/demo/recordings", { days: "" })).status).toBe(303);
    expect(repos.recordingGovernance.retention("demo")).toBeUndefined();
  });

  it("M5: MUST refuse a retention that is not 1–3650 whole days with the field's message, keeping the stored one", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    await admin.post("/admin/services/demo/recordings", { days: "30" });
    for (const days of ["0", "4000", "1.5", "abc", "-3"]) {
      const res = await admin.post("/admin/services/demo/recordings?lang=en", { days });
      expect(res.status, days).toBe(422);
      expect(await res.text()).toContain('id="days-error"');
    }
    expect(repos.recordingGovernance.retention("demo")).toBe(30);
  });
});
