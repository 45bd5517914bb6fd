import { describe, expect, it } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { testCallCenter } from "./test-call-center.ts";

/** A real 16-bit PCM mono WAV: `ms` of a 440 Hz tone at 8 kHz. */
function writeWav(path: string, ms = 500): Uint8Array {
  const n = (8000 * ms) / 1000;
  const bytes = new Uint8Array(44 + n * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); text(8, "WAVE");
  text(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true); v.setUint32(28, 16000, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  text(36, "data"); v.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) v.setInt16(44 + i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), true);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}

/** The body's bytes, as a plain array for comparison. */
const bytesOf = async (res: Response) => [...new Uint8Array(await res.arrayBuffer())];

const MP3 = new Uint8Array([0xff, 0xfb, 0x90, 0x64, 1, 2, 3, 4]);

describe("REST API: call records and recordings (C11, H1, M5)", () => {
  it("C11: MUST list a call with queue, agent, wait and talk time", async () => {
    const t = testCallCenter();
    await t.answeredCall("01011112222", 3000, 60_000);
    const r = await t.call("GET", "/services/demo/calls");
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(1);
    const [c] = r.json;
    expect(c).toMatchObject({
      direction: "inbound", from: "01011112222", to: "1588", queueId: "main", agent: "a1",
      waitSeconds: 3, talkSeconds: 60, result: "answered", recording: false,
    });
    expect(typeof c.callId).toBe("string");
    for (const k of ["startedAt", "answeredAt", "endedAt"]) expect(c[k]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(c.endedAt) - Date.parse(c.answeredAt)).toBe(60_000);
    expect(r.headers.get("X-Total-Count")).toBe("1");
  });

  it("H1: MUST filter calls by date range, number, agent, queue and result, with limit and offset", async () => {
    const t = testCallCenter();
    await t.answeredCall("01011112222");
    await t.answeredCall("01033334444");
    const caller = await t.queueCall("01055556666");
    await t.advance(10_000);
    caller.remoteHangup();
    await t.flush();
    const ids = async (q: string) => (await t.call("GET", `/services/demo/calls?${q}`)).json.map((c: { from: string }) => c.from);
    expect(await ids("")).toEqual(["01011112222", "01033334444", "01055556666"]);
    expect(await ids("number=3333")).toEqual(["01033334444"]);
    expect(await ids("agent=a1&result=answered")).toEqual(["01011112222", "01033334444"]);
    expect(await ids("result=abandoned&queueId=main")).toEqual(["01055556666"]);
    expect(await ids("limit=1&offset=1")).toEqual(["01033334444"]);
    expect(await ids("from=2026-03-04&to=2026-03-04")).toHaveLength(3);
    expect(await ids("from=2026-03-03&to=2026-03-03")).toEqual([]);
    expect(await ids(`from=${t.clock.now() + 1}`)).toEqual([]);
    expect(await ids("from=2026-03-04T00:00:00%2B09:00&to=2026-03-05T00:00:00%2B09:00")).toHaveLength(3);
  });

  it("X3: MUST refuse bad call filters with 422 naming the fields", async () => {
    const t = testCallCenter();
    const r = await t.call("GET", "/services/demo/calls?from=yesterday&result=won&limit=0&offset=x");
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.error.fields).sort()).toEqual(["from", "limit", "offset", "result"]);
    const backwards = await t.call("GET", "/services/demo/calls?from=2026-03-05&to=2026-03-04T12:00");
    expect(backwards.status).toBe(422);
    expect(backwards.json.error.fields.to).toBeDefined();
    expect((await t.call("GET", "/services/nope/calls")).status).toBe(404);
  });

  it("C11: MUST show a call with its legs and queue events, and 404 for another service's call", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall();
    const r = await t.call("GET", `/services/demo/calls/${rec.callId}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ callId: rec.callId, agent: "a1", result: "answered" });
    expect(r.json.legs.map((l: { role: string; party: string }) => [l.role, l.party])).toEqual([["caller", "01011112222"], ["agent", "1001"]]);
    expect(r.json.events.map((e: { event: string }) => e.event)).toEqual(["enter", "offer", "answer"]);
    t.repos.services.create({ serviceId: "other", name: "Other", number: "1599", callerId: "1599", timezone: "UTC", language: "en", state: "active", licences: 1 });
    expect((await t.call("GET", `/services/other/calls/${rec.callId}`)).status).toBe(404);
    expect((await t.call("GET", `/services/other/calls/${rec.callId}/recording`)).status).toBe(404);
    expect((await t.call("GET", "/services/demo/calls/nope")).json.error.code).toBe("not_found");
  });

  it("M5: MUST serve the recording as WAV, and 404 when there is none", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall();
    expect(rec.recordingPath?.startsWith(t.recordingsDir)).toBe(true);
    expect((await t.call("GET", `/services/demo/calls/${rec.callId}/recording`)).status).toBe(404);
    const wav = writeWav(rec.recordingPath!);
    expect((await t.call("GET", `/services/demo/calls/${rec.callId}`)).json.recording).toBe(true);
    const res = await t.request("GET", `/services/demo/calls/${rec.callId}/recording`, undefined, { Accept: "audio/wav" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("audio/wav");
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(await bytesOf(res)).toEqual([...wav]);
  });

  it("M5: MUST answer a Range request with 206", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall();
    const wav = writeWav(rec.recordingPath!);
    const path = `/services/demo/calls/${rec.callId}/recording`;
    const res = await t.request("GET", path, undefined, { Range: "bytes=44-143" });
    expect(res.status).toBe(206);
    expect(res.headers.get("Content-Range")).toBe(`bytes 44-143/${wav.length}`);
    expect(res.headers.get("Content-Length")).toBe("100");
    expect(await bytesOf(res)).toEqual([...wav.subarray(44, 144)]);
    const tail = await t.request("GET", path, undefined, { Range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(await bytesOf(tail)).toEqual([...wav.subarray(wav.length - 10)]);
    const open = await t.request("GET", path, undefined, { Range: `bytes=${wav.length - 4}-` });
    expect(open.headers.get("Content-Range")).toBe(`bytes ${wav.length - 4}-${wav.length - 1}/${wav.length}`);
    for (const odd of ["bytes=9-2", "bytes=0-1,5-6", "items=0-1"]) {
      const whole = await t.request("GET", path, undefined, { Range: odd });
      expect(whole.status).toBe(200);
      expect(whole.headers.get("Content-Length")).toBe(String(wav.length));
    }
    const beyond = await t.request("GET", path, undefined, { Range: `bytes=${wav.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("Content-Range")).toBe(`bytes */${wav.length}`);
  });

  it("M5: MUST serve the recording as MP3 on Accept: audio/mpeg, made once and cached next to the WAV", async () => {
    const encoded: string[] = [];
    const wavToMp3 = (path: string) => (encoded.push(path), MP3);
    const t = testCallCenter({}, { wavToMp3 } as object);
    const rec = await t.answeredCall();
    writeWav(rec.recordingPath!);
    const path = `/services/demo/calls/${rec.callId}/recording`;
    for (let i = 0; i < 2; i++) {
      const res = await t.request("GET", path, undefined, { Accept: "audio/mpeg" });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("audio/mpeg");
      expect(await bytesOf(res)).toEqual([...MP3]);
    }
    expect(encoded).toEqual([rec.recordingPath!]);
    const refused = await t.request("GET", path, undefined, { Accept: "audio/mpeg;q=0, audio/wav" });
    expect(refused.headers.get("Content-Type")).toBe("audio/wav");
    expect(existsSync(rec.recordingPath!.replace(/\.wav$/, ".mp3"))).toBe(true);
    const part = await t.request("GET", path, undefined, { Accept: "audio/mpeg", Range: "bytes=0-1" });
    expect(part.status).toBe(206);
    expect(await bytesOf(part)).toEqual([...MP3.subarray(0, 2)]);
  });

  it("M5: MUST answer 406 for MP3 without an encoder and never serve a file outside the recordings folder", async () => {
    const t = testCallCenter();
    const rec = await t.answeredCall();
    writeWav(rec.recordingPath!);
    const path = `/services/demo/calls/${rec.callId}/recording`;
    expect((await t.request("GET", path, undefined, { Accept: "audio/mpeg" })).status).toBe(406);
    const outside = join(dirname(t.recordingsDir), `outside-${rec.callId}.wav`);
    writeWav(outside);
    for (const p of [outside, `${t.recordingsDir}/../outside-${rec.callId}.wav`]) {
      t.repos.calls.update(rec.callId, { recordingPath: p });
      expect((await t.call("GET", path)).status).toBe(404);
      expect((await t.call("GET", `/services/demo/calls/${rec.callId}`)).json.recording).toBe(false);
    }
  });

  it("H5: MUST record a recording download under the API key's name, once per download, and nothing for reading call records", async () => {
    const wavToMp3 = () => MP3;
    const t = testCallCenter({}, { wavToMp3 } as object);
    const rec = await t.answeredCall();
    const wav = writeWav(rec.recordingPath!);
    t.repos.organization.addApiKey("crm-sync", "cc_crm_sync_key_0123456789abcdef");
    const crm = { Authorization: "Bearer cc_crm_sync_key_0123456789abcdef" };
    const path = `/services/demo/calls/${rec.callId}/recording`;
    const before = t.repos.audit.list("demo", 100).length;
    // Lookups through the API are not audited (only recordings are, H5).
    expect((await t.request("GET", "/services/demo/calls", undefined, crm)).status).toBe(200);
    expect((await t.request("GET", `/services/demo/calls/${rec.callId}`, undefined, crm)).status).toBe(200);
    expect(t.repos.audit.list("demo", 100)).toHaveLength(before);
    expect((await t.request("GET", path, undefined, crm)).status).toBe(200);
    expect((await t.request("GET", path, undefined, { ...crm, Range: "bytes=0-99" })).status).toBe(206);
    expect((await t.request("GET", path, undefined, { ...crm, Range: "bytes=100-" })).status).toBe(206); // the rest of that download
    expect((await t.request("GET", path, undefined, { ...crm, Range: `bytes=${wav.length}-` })).status).toBe(416);
    expect((await t.request("HEAD", path, undefined, crm)).status).toBe(200);
    expect((await t.request("GET", path, undefined, { Accept: "audio/mpeg" })).status).toBe(200);
    const downloads = t.repos.audit.list("demo", 100).filter((a) => a.action === "download").reverse();
    expect(downloads.map((a) => [a.actorKind, a.loginId, a.target])).toEqual([
      ["api-key", "crm-sync", `calls/${rec.callId}/recording.wav`],
      ["api-key", "crm-sync", `calls/${rec.callId}/recording.wav`],
      ["api-key", "organization", `calls/${rec.callId}/recording.mp3`],
    ]);
    expect(t.repos.audit.list("demo", 100)).toHaveLength(before + 3);
  });
});
