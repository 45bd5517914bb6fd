import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import type { PromptAudio } from "./prompt-audio.ts";
import { adminClient, ORIGIN } from "./test-admin.ts";

function fakeAudio() {
  const saved: string[] = [];
  const audio: PromptAudio = {
    ttsAvailable: () => true,
    preview: async (text) => new TextEncoder().encode(`RIFF${text}`),
    saveTts: async (serviceId, id, text) => void saved.push(`${serviceId}/${id}: ${text}`),
    saveUpload: async (serviceId, id, bytes) => {
      if (bytes[0] !== 0x52) throw new Error("not audio");
      saved.push(`${serviceId}/${id}: upload ${bytes.length}`);
    },
  };
  return { audio, saved };
}

describe("prompts (G3, G4, M6)", () => {
  it("M6: MUST refuse empty or over-200-character text with 422 and store nothing", async () => {
    const { audio, saved } = fakeAudio();
    const { app, repos } = await testApp({ promptAudio: audio });
    const admin = await adminClient(app);
    for (const text of ["", "가".repeat(201)]) {
      const res = await admin.post("/admin/services/demo/prompts/greeting", { op: "save", text });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('id="text-error"');
    }
    expect(repos.promptTexts.list("demo")).toEqual([]);
    expect(saved).toEqual([]);
  });

  it("G3: MUST fill the default text, preview it, save it (spoken and audited)", async () => {
    const { audio, saved } = fakeAudio();
    const { app, repos } = await testApp({ promptAudio: audio });
    const admin = await adminClient(app);
    const def = await (await admin.post("/admin/services/demo/prompts/greeting", { op: "default", text: "" })).text();
    expect(def).toContain("안녕하십니까. Demo 고객센터입니다.");
    const menu = await (await admin.post("/admin/services/demo/prompts/menu", { op: "default", text: "" })).text();
    expect(menu).toContain("일번을 눌러주세요");
    const preview = await (await admin.post("/admin/services/demo/prompts/greeting", { op: "preview", text: "안녕하세요" })).text();
    const src = /<audio[^>]*src="([^"]+)"/.exec(preview)![1]!.replaceAll("&amp;", "&");
    const wav = await admin.get(src);
    expect(wav.headers.get("content-type")).toBe("audio/wav");
    expect(await wav.text()).toBe("RIFF안녕하세요");
    expect((await admin.post("/admin/services/demo/prompts/greeting", { op: "save", text: "어서 오세요" })).status).toBe(303);
    expect(saved).toEqual(["demo/greeting: 어서 오세요"]);
    expect(repos.promptTexts.get("demo", "greeting")).toMatchObject({ source: "tts", text: "어서 오세요" });
    expect(repos.audit.list("demo")[0]!.target).toBe("prompts/greeting (text)");
  });

  it("G3: MUST take an audio upload and refuse a missing or unreadable file with 422", async () => {
    const { audio, saved } = fakeAudio();
    const { app, repos } = await testApp({ promptAudio: audio });
    const admin = await adminClient(app);
    const upload = (name: string, bytes: Uint8Array<ArrayBuffer>) => {
      const form = new FormData();
      form.set("_csrf", admin.csrf);
      form.set("file", new File([bytes], name, { type: name.endsWith(".wav") ? "audio/wav" : "text/plain" }));
      return app.request("/admin/services/demo/prompts/delay/upload", { method: "POST", headers: { Cookie: admin.cookie, Origin: ORIGIN }, body: form });
    };
    expect((await upload("notes.txt", new Uint8Array([1, 2]))).status).toBe(422);
    expect((await upload("bad.wav", new Uint8Array([1, 2]))).status).toBe(422);
    expect(repos.promptTexts.list("demo")).toEqual([]);
    expect((await upload("delay.wav", new Uint8Array([0x52, 0x49, 0x46, 0x46]))).status).toBe(303);
    expect(saved).toEqual(["demo/delay: upload 4"]);
    expect(repos.promptTexts.get("demo", "delay")).toMatchObject({ source: "upload", file: "delay.wav" });
  });

  it("M6: without text-to-speech MUST say so and still keep the text", async () => {
    const { app, repos } = await testApp();
    const admin = await adminClient(app);
    expect(await (await admin.get("/admin/services/demo/prompts")).text()).toContain("espeak-ng");
    expect((await admin.post("/admin/services/demo/prompts/connecting", { op: "save", text: "연결합니다" })).status).toBe(303);
    expect(repos.promptTexts.get("demo", "connecting")?.text).toBe("연결합니다");
  });
});
