import { describe, expect, it } from "bun:test";
import { FakeClock, silentLogger } from "../../lib/index.ts";
import { testStore } from "../../store/test-db.ts";
import { FakeTelephony } from "../../telephony/testing/fake-telephony.ts";
import { ContactCenter, GENERATED_AFTER_HOURS } from "../contact-center.ts";

describe("generated after-hours prompt (C2, M6)", () => {
  it("C2: MUST speak the after-hours message made from the hours and use it in the flow", async () => {
    const clock = new FakeClock();
    const { repos } = testStore();
    repos.services.create({ serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language: "en", state: "active", licences: 3 });
    const spoken: Array<[string, string, string]> = [];
    const cc = new ContactCenter({
      telephony: new FakeTelephony(clock), repos, clock, log: silentLogger,
      speak: async (serviceId, id, text) => void spoken.push([serviceId, id, text]),
    });
    cc.saveFlow("demo", { hours: { mon: [{ start: "09:00", end: "18:00" }] } });
    await Bun.sleep(0);
    expect(spoken).toEqual([["demo", GENERATED_AFTER_HOURS, "We are closed now. Our hours are Monday 9 a.m. to 6 p.m. Please call again during our hours. Thank you."]]);
    expect(cc.flow("demo").prompts.afterHours).toBe(GENERATED_AFTER_HOURS);
    cc.close();
  });

  it("C2: MUST keep an after-hours prompt the admin chose", async () => {
    const clock = new FakeClock();
    const { repos } = testStore();
    repos.services.create({ serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
    const spoken: string[] = [];
    const cc = new ContactCenter({ telephony: new FakeTelephony(clock), repos, clock, log: silentLogger, speak: async (_s, id) => void spoken.push(id) });
    cc.saveFlow("demo", { prompts: { afterHours: "custom:closed-recording" } });
    await Bun.sleep(0);
    expect(spoken).toEqual([]);
    expect(cc.flow("demo").prompts.afterHours).toBe("custom:closed-recording");
    cc.close();
  });
});
