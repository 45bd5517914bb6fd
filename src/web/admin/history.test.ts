import { describe, expect, it } from "bun:test";
import { unzipSync } from "fflate";
import readXlsxFile from "read-excel-file/node";
import { testOps, writeWav } from "./test-ops.ts";

/** Three calls: two answered (one recorded), one callback request; plus one call in service "other". */
async function withHistory() {
  const t = await testOps();
  const one = await t.answeredCall("01011110001", 3000, 30_000);
  const two = await t.answeredCall("01022220002", 5000, 90_000);
  writeWav(one.recordingPath!);
  t.cc.setState("demo", "a1", "away", "break");
  const caller = await t.queueCall("01033330003");
  caller.press("*");
  await t.advance(3000);
  const leg = t.telephony.call("01099990000", "0700000");
  await t.advance(1000);
  leg.remoteHangup();
  await t.flush();
  return { ...t, one, two };
}
const BASE = "/admin/services/demo/history";
const DAY = "from=2026-03-04&to=2026-03-04";

describe("lookups (H1–H3)", () => {
  it("H1: MUST list calls with filters, sort and pages kept in the URL", async () => {
    const t = await withHistory();
    const all = await (await t.admin.get(`${BASE}/calls?${DAY}`)).text();
    expect(all).toContain("수발신이력");
    expect(all.match(/<tr><td data-label="일시">/g)).toHaveLength(3);
    const byNumber = await (await t.admin.get(`${BASE}/calls?${DAY}&number=2222`)).text();
    expect(byNumber).toContain("01022220002");
    expect(byNumber).not.toContain("01011110001");
    const byResult = await (await t.admin.get(`${BASE}/calls?${DAY}&result=callback`)).text();
    expect(byResult).toContain("01033330003");
    expect(byResult).not.toContain("01022220002");
    const sorted = await (await t.admin.get(`${BASE}/calls?${DAY}&sort=talk&dir=desc&agent=a1`)).text();
    expect(sorted.indexOf("01022220002")).toBeLessThan(sorted.indexOf("01011110001"));
    expect(sorted).toContain('href="/admin/services/demo/history/calls?agent=a1&amp;from=2026-03-04&amp;to=2026-03-04&amp;sort=talk&amp;dir=asc"');
    const none = await (await t.admin.get(`${BASE}/calls?from=2026-03-05&to=2026-03-05`)).text();
    expect(none).toContain("자료가 없습니다.");
  });

  it("H1: MUST show a call's legs and consultation record, and hide other services' calls", async () => {
    const t = await withHistory();
    const html = await (await t.admin.get(`${BASE}/calls/${t.one.callId}?lang=en`)).text();
    expect(html).toContain("Legs");
    expect(html).toContain('<audio controls="" preload="metadata"');
    expect(html).toMatch(/>caller<\/td><td[^>]*>01011110001</);
    const other = t.cc.calls("other", 0, t.clock.now() + 1)[0]!;
    expect((await t.admin.get(`/admin/services/demo/history/calls/${other.callId}`)).status).toBe(404);
    expect((await t.admin.get(`/admin/services/demo/history/calls/${other.callId}/recording`)).status).toBe(404);
    const list = await (await t.admin.get(`${BASE}/calls?${DAY}`)).text();
    expect(list).not.toContain("01099990000");
  });

  it("H2: MUST serve the recording seekably (Range → 206), as MP3, and audit plays and downloads", async () => {
    const t = await withHistory();
    const url = `${BASE}/calls/${t.one.callId}/recording`;
    const full = await t.admin.get(url);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    const size = (await full.arrayBuffer()).byteLength;
    const part = await t.admin.get(url, { Range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await t.admin.get(url, { Range: `bytes=${size + 10}-` })).status).toBe(416);
    const mp3 = await t.admin.get(`${url}.mp3`);
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    expect(await mp3.text()).toStartWith("mp3:");
    expect((await t.admin.get(`${BASE}/calls/${t.two.callId}/recording`)).status).toBe(404);
    const actions = t.repos.audit.list("demo", 50).map((a) => `${a.action} ${a.target}`);
    expect(actions).toContain(`play calls/${t.one.callId}/recording`);
    expect(actions).toContain(`download calls/${t.one.callId}/recording.mp3`);
    expect(actions.filter((a) => a.startsWith("play"))).toHaveLength(2); // whole file + the 416; not the mid-file range
  });

  it("H2: MUST list consultations with players, and download selected rows as Excel and recordings as a zip", async () => {
    const t = await withHistory();
    const html = await (await t.admin.get(`${BASE}/consultations?${DAY}`)).text();
    expect(html).toContain("이력다운");
    expect(html).toContain("녹취다운");
    expect(html.match(/name="ids"/g)).toHaveLength(2);
    expect(html).toContain(`src="/admin/services/demo/history/calls/${t.one.callId}/recording"`);
    const other = t.cc.calls("other", 0, t.clock.now() + 1)[0]!;
    const ids = `ids=${t.two.callId}&ids=${t.one.callId}&ids=${other.callId}`;
    const xlsx = await t.admin.get(`${BASE}/consultations/export.xlsx?${ids}&lang=en`);
    expect(xlsx.status).toBe(200);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet!.data.map((r) => r[1])).toEqual(["Number", "01022220002", "01011110001"]);
    expect(sheet!.data[1]!.slice(2, 7)).toEqual(["Main", "a1", null, 5, 90]);
    const zip = await t.admin.get(`${BASE}/consultations/recordings.zip?${ids}`);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())))).toEqual([`${t.one.callId}.mp3`]);
    const log = t.repos.audit.list("demo", 50).map((a) => `${a.action} ${a.target}`);
    expect(log.some((l) => l.startsWith("export demo-consultations-") && l.includes(t.two.callId) && !l.includes(other.callId))).toBe(true);
    expect(log.some((l) => l.startsWith("download demo-recordings-") && l.includes(t.one.callId))).toBe(true);
    expect(log.some((l) => l.startsWith("view history/consultations"))).toBe(true);
  });

  it("H3: MUST list callbacks by result", async () => {
    const t = await withHistory();
    const html = await (await t.admin.get(`${BASE}/callbacks?${DAY}&state=requested`)).text();
    expect(html).toContain("01033330003");
    expect(html).toContain("콜백요청");
    const done = await (await t.admin.get(`${BASE}/callbacks?${DAY}&state=completed`)).text();
    expect(done).not.toContain("01033330003");
  });
});
