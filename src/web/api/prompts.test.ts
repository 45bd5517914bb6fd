import { describe, expect, it } from "bun:test";
import type { PromptAudio } from "../admin/prompt-audio.ts";
import { testApp } from "../test-app.ts";

function fakeAudio() {
  const saved: string[] = [];
  const audio: PromptAudio = {
    ttsAvailable: () => true,
    preview: async () => undefined,
    saveTts: async (serviceId, id, text) => void saved.push(`${serviceId}/${id}: ${text}`),
    saveUpload: async (serviceId, id, bytes, mime) => {
      if (bytes[0] !== 0x52 && bytes[0] !== 0xff) throw new Error("not audio");
      saved.push(`${serviceId}/${id}: ${mime} ${bytes.length}`);
    },
  };
  return { audio, saved };
}

describe("REST API: prompts (G3, G4, M6, issue 15)", () => {
  it("G3: MUST take a prompt's text and its audio (WAV or MP3) through the API, audited under the key's name", async () => {
    const { audio, saved } = fakeAudio();
    const t = await testApp({ promptAudio: audio });
    const call = (method: string, path: string, body: BodyInit, type = "application/json") =>
      t.app.request(`/api/v1/services/demo/prompts${path}`, { method, headers: { Authorization: `Bearer ${t.creds.apiKey}`, "Content-Type": type }, body });
    const put = await call("PUT", "/greeting/text", JSON.stringify({ text: "어서 오세요" }));
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ promptId: "greeting", source: "tts", text: "어서 오세요" });
    const wav = await call("PUT", "/delay/audio", new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2]), "audio/wav");
    expect(wav.status).toBe(200);
    expect(await wav.json()).toMatchObject({ promptId: "delay", source: "upload", file: "delay-api.wav" });
    expect((await call("PUT", "/menu/audio", new Uint8Array([0xff, 0xfb, 0x90]), "audio/mpeg")).status).toBe(200);
    expect(saved).toEqual(["demo/greeting: 어서 오세요", "demo/delay: audio/wav 6", "demo/menu: audio/mpeg 3"]);
    const log = t.repos.audit.list("demo").map((e) => [e.actorKind, e.loginId, e.target]);
    expect(log).toContainEqual(["api-key", "organization", "prompts/delay (upload delay-api.wav)"]);
  });

  it("M6: MUST refuse bad prompts with 422 (nothing stored): unknown id, empty or long text, other types, unreadable audio", async () => {
    const { audio, saved } = fakeAudio();
    const t = await testApp({ promptAudio: audio });
    const call = (method: string, path: string, body: BodyInit, type = "application/json") =>
      t.app.request(`/api/v1/services/demo/prompts${path}`, { method, headers: { Authorization: `Bearer ${t.creds.apiKey}`, "Content-Type": type }, body });
    expect((await call("PUT", "/goodbye/text", JSON.stringify({ text: "x" }))).status).toBe(422);
    expect((await call("PUT", "/greeting/text", JSON.stringify({ text: "" }))).status).toBe(422);
    expect((await call("PUT", "/greeting/text", JSON.stringify({ text: "가".repeat(201) }))).status).toBe(422);
    expect((await call("PUT", "/greeting/audio", new Uint8Array([1, 2, 3]), "text/plain")).status).toBe(422);
    const bad = await call("PUT", "/greeting/audio", new Uint8Array([1, 2, 3]), "audio/wav");
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.file).toBe("Wrong format.");
    expect(saved).toEqual([]);
    expect(t.repos.promptTexts.list("demo")).toEqual([]);
  });
});
