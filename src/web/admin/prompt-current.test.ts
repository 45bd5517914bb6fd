import { describe, expect, it } from "bun:test";
import { testApp } from "../test-app.ts";
import type { PromptAudio } from "./prompt-audio.ts";
import { adminClient } from "./test-admin.ts";

/** A prompt store that remembers what was saved and plays it back (the default otherwise). */
function fakeAudio(): PromptAudio {
  const stored = new Map<string, string>();
  return {
    ttsAvailable: () => true,
    preview: async (text) => new TextEncoder().encode(`RIFF${text}`),
    saveTts: async (serviceId, id, text) => void stored.set(`${serviceId}/${id}`, text),
    saveUpload: async () => undefined,
    current: async (serviceId, id) => new TextEncoder().encode(`RIFF${stored.get(`${serviceId}/${id}`) ?? `default ${id}`}`),
  };
}

describe("prompt pages play what callers hear (issue 9, G3, G4, M6)", () => {
  it("G3: every prompt card MUST say whether it was made and play its current audio", async () => {
    const { app } = await testApp({ promptAudio: fakeAudio() });
    const admin = await adminClient(app);
    let page = await (await admin.get("/admin/services/demo/prompts")).text();
    expect(page).toContain('src="/admin/services/demo/prompts/greeting/current.wav" data-current="greeting"');
    expect(page).toContain("아직 만들지 않아 기본 음성이 나갑니다.");
    expect(await (await admin.get("/admin/services/demo/prompts/greeting/current.wav")).text()).toBe("RIFFdefault greeting");
    await admin.post("/admin/services/demo/prompts/greeting", { op: "save", text: "안녕하세요." });
    page = await (await admin.get("/admin/services/demo/prompts")).text();
    expect(page).toContain('<textarea name="text" maxlength="200" rows="3">안녕하세요.</textarea>');
    const wav = await admin.get("/admin/services/demo/prompts/greeting/current.wav");
    expect(wav.headers.get("content-type")).toBe("audio/wav");
    expect(await wav.text()).toBe("RIFF안녕하세요.");
    expect((await admin.get("/admin/services/demo/prompts/nope/current.wav")).status).toBe(404);
  });

  it("M6: text that yields no speech (symbols only) MUST be refused with a message, in the page and the API alike", async () => {
    const { app, repos, creds } = await testApp({ promptAudio: fakeAudio() });
    const admin = await adminClient(app);
    const res = await admin.post("/admin/services/demo/prompts/greeting", { op: "save", text: "!!! ... ???" });
    expect(res.status).toBe(422);
    const message = "읽을 글자가 없습니다. 기호만으로는 음성을 만들 수 없으니 한글, 영문이나 숫자로 입력하세요.";
    expect(await res.text()).toContain(message);
    expect(repos.promptTexts.list("demo")).toEqual([]);
    const api = await app.request("/api/v1/services/demo/prompts/greeting/text", {
      method: "PUT",
      headers: { Authorization: `Bearer ${creds.apiKey}`, "Content-Type": "application/json", "Accept-Language": "ko" },
      body: JSON.stringify({ text: "!!! ... ???" }),
    });
    expect(api.status).toBe(422);
    expect(JSON.stringify(await api.json())).toContain(message);
  });
});
