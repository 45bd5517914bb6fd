import { describe, expect, it } from "bun:test";
import { unzipSync } from "fflate";
import readXlsxFile from "read-excel-file/node";
import { ORIGIN } from "./test-admin.ts";
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

describe("lookups (H1–H3) and what they audit (H5)", () => {
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
    expect(html).toContain(`data-played="/admin/services/demo/history/calls/${t.one.callId}/recording/played"`);
    expect(html).toMatch(/>caller<\/td><td[^>]*>01011110001</);
    const other = t.cc.calls("other", 0, t.clock.now() + 1)[0]!;
    expect((await t.admin.get(`/admin/services/demo/history/calls/${other.callId}`)).status).toBe(404);
    expect((await t.admin.get(`/admin/services/demo/history/calls/${other.callId}/recording`)).status).toBe(404);
    const list = await (await t.admin.get(`${BASE}/calls?${DAY}`)).text();
    expect(list).not.toContain("01099990000");
  });

  it("H2, H5: MUST serve the recording seekably (Range → 206) and as MP3, serving bytes records no play, the MP3 one download", async () => {
    const t = await withHistory();
    const url = `${BASE}/calls/${t.one.callId}/recording`;
    const full = await t.admin.get(url);
    expect(full.status).toBe(200);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    const size = (await full.arrayBuffer()).byteLength;
    for (const range of ["bytes=0-", "bytes=0-1", "bytes=44-"]) expect((await t.admin.get(url, { Range: range })).status).toBe(206);
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
    expect(actions.filter((a) => a.startsWith("play"))).toEqual([]);
    expect(actions.filter((a) => a.startsWith("download"))).toEqual([`download calls/${t.one.callId}/recording.mp3`]);
  });

  it("H5: MUST record exactly one play per press of play the page reports, and only for a recorded call of this service", async () => {
    const t = await withHistory();
    const played = (id: string, service = "demo", headers: Record<string, string> = { "X-CSRF-Token": t.admin.csrf }) =>
      t.app.request(`/admin/services/${service}/history/calls/${id}/recording/played`, { method: "POST", headers: { Cookie: t.admin.cookie, Origin: ORIGIN, ...headers } });
    expect((await played(t.one.callId)).status).toBe(204);
    expect(t.repos.audit.countAction("demo", "play")).toBe(1);
    expect((await played(t.one.callId)).status).toBe(204); // pressed again (after a pause or the end)
    const plays = t.repos.audit.list("demo", 50).filter((a) => a.action === "play");
    expect(plays.map((a) => [a.loginId, a.actorKind, a.target])).toEqual([
      ["admin", "member", `calls/${t.one.callId}/recording`],
      ["admin", "member", `calls/${t.one.callId}/recording`],
    ]);
    const other = t.cc.calls("other", 0, t.clock.now() + 1)[0]!;
    expect((await played(t.two.callId)).status).toBe(404); // no recording
    expect((await played(other.callId)).status).toBe(404); // another service's call
    expect((await played("no-such-call")).status).toBe(404);
    expect((await played(t.one.callId, "demo", {})).status).toBe(403); // no CSRF token
    expect((await t.admin.get(`${BASE}/calls/${t.one.callId}/recording/played`)).status).toBe(404);
    expect(t.repos.audit.countAction("demo", "play")).toBe(2);
  });

  it("H2: MUST list consultations with players, and download selected rows as Excel and recordings as a zip", async () => {
    const t = await withHistory();
    const html = await (await t.admin.get(`${BASE}/consultations?${DAY}`)).text();
    expect(html).toContain("이력다운");
    expect(html).toContain("녹취다운");
    expect(html.match(/name="ids"/g)).toHaveLength(2);
    expect(html).toContain(`src="/admin/services/demo/history/calls/${t.one.callId}/recording"`);
    // H5: the list fetches no audio until play is pressed, and each press is reported by the page's script.
    expect(html).toContain('<audio controls="" preload="none"');
    expect(html).toContain(`data-played="/admin/services/demo/history/calls/${t.one.callId}/recording/played" data-csrf="${t.admin.csrf}"`);
    expect(html).toContain('<script src="/admin/ops-assets/recording-plays.js" defer=""></script>');
    const script = await t.admin.get("/admin/ops-assets/recording-plays.js");
    expect(script.headers.get("content-type")).toStartWith("text/javascript");
    expect(await script.text()).toContain('addEventListener(\n    "play"');
    expect(t.repos.audit.countAction("demo", "play")).toBe(0);
    const other = t.cc.calls("other", 0, t.clock.now() + 1)[0]!;
    const ids = `ids=${t.two.callId}&ids=${t.one.callId}&ids=${other.callId}`;
    const xlsx = await t.admin.get(`${BASE}/consultations/export.xlsx?${ids}&lang=en`);
    expect(xlsx.status).toBe(200);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet!.data.map((r) => r[1])).toEqual(["Number", "01022220002", "01011110001"]);
    // Time, number, queue, agent, type, notes (A6), wait, talk, id.
    expect(sheet!.data[0]![5]).toBe("Notes");
    expect(sheet!.data[1]!.slice(2, 8)).toEqual(["Main", "a1", null, null, 5, 90]);
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
