import { afterEach, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { traceFiles } from "../../cc/index.ts";
import { loadConfig } from "../../config.ts";
import { testApp } from "../test-app.ts";
import { adminClient, addOtherService } from "./test-admin.ts";

let dir = "";
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

async function setup() {
  dir = mkdtempSync(join(tmpdir(), "cc-trace-page-"));
  const t = await testApp({ config: { ...loadConfig({}), dataDir: dir } });
  return { ...t, admin: await adminClient(t.app) };
}

describe("SIP trace page (X6)", () => {
  it("X6: MUST start a trace of the service's number or extension and list it", async () => {
    const { repos, admin } = await setup();
    const res = await admin.post("/admin/services/demo/trace", { filter: "1001", minutes: "5" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/services/demo/trace?started=1");
    const [t] = repos.traces.list("demo");
    expect(t).toMatchObject({ filter: "1001", minutes: 5, state: "pending", createdBy: "admin" });
    const page = await (await admin.get("/admin/services/demo/trace?lang=en")).text();
    expect(page).toContain(`data-trace="${t!.traceId}"`);
    expect(page).toContain("Waiting to start");
    expect(page).toContain('hx-trigger="every 2s"');
    expect((await admin.post("/admin/services/demo/trace", { filter: "1588-0000", minutes: "1" })).status).toBe(303);
  });

  it("X6: bad input MUST come back as a clear field message, storing nothing", async () => {
    const { repos, admin } = await setup();
    addOtherService(repos);
    const bad = await admin.post("/admin/services/demo/trace?lang=en", { filter: "9999", minutes: "5" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="filter-error"');
    expect(html).toContain("Not a representative number, trunk number or extension of this service.");
    const range = await admin.post("/admin/services/demo/trace?lang=en", { filter: "1001", minutes: "90" });
    expect(range.status).toBe(422);
    expect(await range.text()).toContain('id="minutes-error"');
    // Another service's number is not this service's to trace.
    expect((await admin.post("/admin/services/demo/trace", { filter: "0700000", minutes: "5" })).status).toBe(422);
    expect(repos.traces.list()).toEqual([]);
  });

  it("X6: MUST show the messages as text, download the pcap as an attachment (audited) and stop the trace", async () => {
    const { repos, admin, deps } = await setup();
    const t = deps.admin.traces.start({ kind: "member", id: "admin" }, { filter: "1001", serviceId: "demo" });
    const files = traceFiles(dir, t.traceId);
    mkdirSync(files.dir, { recursive: true });
    writeFileSync(files.text, "=== 2026-03-04T01:00:00.000Z UDP received 127.0.0.1:5070 -> 127.0.0.1:5060\nINVITE sip:1001@127.0.0.1 SIP/2.0\r\n");
    writeFileSync(files.pcap, Buffer.from("d4c3b2a1", "hex"));
    const view = await admin.get(`/admin/services/demo/trace/${t.traceId}`);
    expect(view.status).toBe(200);
    expect(await view.text()).toContain("INVITE sip:1001@127.0.0.1 SIP/2.0");
    const pcap = await admin.get(`/admin/services/demo/trace/${t.traceId}/pcap`);
    expect(pcap.status).toBe(200);
    expect(pcap.headers.get("content-disposition")).toBe(`attachment; filename="sip-trace-${t.traceId}.pcap"`);
    expect(Buffer.from(await pcap.arrayBuffer()).toString("hex")).toBe("d4c3b2a1");
    expect(repos.audit.list("demo").map((a) => [a.action, a.target])).toContainEqual(["download", `sip trace ${t.traceId}`]);
    expect((await admin.post(`/admin/services/demo/trace/${t.traceId}/stop`, {})).status).toBe(303);
    expect(repos.traces.get(t.traceId)).toMatchObject({ state: "ended", endReason: "stopped" });
    // Another service's pages do not see it.
    addOtherService(repos);
    repos.members.grant(repos.members.findByLoginId("admin")!.id, "other", "service-admin");
    expect((await admin.get(`/admin/services/other/trace/${t.traceId}/pcap`)).status).toBe(404);
    expect((await admin.get("/admin/services/demo/trace/nope")).status).toBe(404);
  });
});
