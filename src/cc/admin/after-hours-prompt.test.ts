import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { COMMAND_LINE } from "./actor.ts";
import { Administration } from "./administration.ts";
import { GENERATED_AFTER_HOURS, GENERATED_CALLBACK_OFFER } from "./flow-admin.ts";

function setup(language: "ko" | "en") {
  const clock = new FakeClock();
  const { repos } = testStore();
  repos.services.create({ serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language, state: "active", licences: 3 });
  const spoken: Array<[string, string, string]> = [];
  const prompts = {
    ttsAvailable: () => true,
    saveTts: async (serviceId: string, id: string, text: string) => void spoken.push([serviceId, id, text]),
    saveUpload: async () => {},
  };
  const admin = new Administration({ repos, clock, log: silentLogger, hooks: { prompts } });
  return { admin, spoken };
}

describe("generated after-hours prompt (C2, M6)", () => {
  it("C2: MUST speak the after-hours message made from the hours and use it in the flow", async () => {
    const { admin, spoken } = setup("en");
    admin.flows.setHours(COMMAND_LINE, "demo", { mon: [{ start: "09:00", end: "18:00" }] });
    await Bun.sleep(0);
    expect(spoken).toEqual([["demo", GENERATED_AFTER_HOURS, "We are closed now. Our hours are Monday 9 a.m. to 6 p.m. Please call again during our hours. Thank you."]]);
    expect(admin.flows.read("demo").prompts.afterHours).toBe(GENERATED_AFTER_HOURS);
  });

  it("C2: MUST speak it again whenever the hours change, from any door", async () => {
    const { admin, spoken } = setup("en");
    admin.flows.setHours(COMMAND_LINE, "demo", { mon: [{ start: "09:00", end: "18:00" }] });
    await Bun.sleep(0);
    admin.flows.save(COMMAND_LINE, "demo", { ...admin.flows.read("demo"), hours: { tue: [{ start: "10:00", end: "12:00" }] } });
    await Bun.sleep(0);
    expect(spoken.map((s) => s[2])).toEqual([
      "We are closed now. Our hours are Monday 9 a.m. to 6 p.m. Please call again during our hours. Thank you.",
      "We are closed now. Our hours are Tuesday 10 a.m. to noon. Please call again during our hours. Thank you.",
    ]);
  });

  it("C2: MUST keep an after-hours prompt the admin chose", async () => {
    const { admin, spoken } = setup("ko");
    admin.flows.save(COMMAND_LINE, "demo", { prompts: { afterHours: "custom:closed-recording" } });
    await Bun.sleep(0);
    expect(spoken).toEqual([]);
    expect(admin.flows.read("demo").prompts.afterHours).toBe("custom:closed-recording");
  });
});

describe("generated callback offer (C7, M6)", () => {
  it("C7: MUST speak a callback offer naming a new callback key, and go back to the shipped prompt for the default key", async () => {
    const { admin, spoken } = setup("ko");
    admin.flows.save(COMMAND_LINE, "demo", { ...admin.flows.read("demo"), callbackKey: "9" });
    await Bun.sleep(0);
    expect(spoken).toEqual([["demo", GENERATED_CALLBACK_OFFER, "기다리지 않고 상담사의 전화를 받으시려면 구 번을 눌러 주십시오."]]);
    expect(admin.flows.read("demo").prompts.callbackOffer).toBe(GENERATED_CALLBACK_OFFER);
    admin.flows.save(COMMAND_LINE, "demo", { ...admin.flows.read("demo"), callbackKey: "*" });
    await Bun.sleep(0);
    expect(admin.flows.read("demo").prompts.callbackOffer).toBe("callback-offer");
  });
});
