import { FakeClock, silentLogger } from "../lib/index.ts";
import { testStore } from "../store/test-db.ts";
import { FakeTelephony } from "../telephony/testing/fake-telephony.ts";
import { Administration, SYSTEM } from "./admin/index.ts";
import { ContactCenter } from "./contact-center.ts";
import type { FlowInput } from "./ivr/index.ts";
import { advance } from "./test-clock.ts";

/** A service "demo" (number 1588) with queue "main" on key 1 (callback) and agents a1..a3 (1001–1003). */
export function testCenter(flow: FlowInput = {}, start = Date.UTC(2026, 2, 4, 1, 0)) {
  const clock = new FakeClock(start);
  const { db, repos } = testStore();
  repos.services.create({
    serviceId: "demo", name: "Demo", number: "1588", callerId: "1588", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 10,
  });
  for (const id of ["a1", "a2", "a3"]) repos.agents.create({ serviceId: "demo", loginId: id, name: id }, "pw");
  repos.queues.create({ serviceId: "demo", queueId: "main", name: "Main", digit: "1", callback: true });
  repos.queues.setAgents("demo", "main", ["a1", "a2", "a3"]);
  const telephony = new FakeTelephony(clock);
  const cc = new ContactCenter({ telephony, repos, clock, log: silentLogger, recordingsDir: "/tmp/cc-test-recordings" });
  const all24 = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ start: "00:00", end: "24:00" }]]));
  const admin = new Administration({ repos, clock, log: silentLogger });
  admin.attachLiveAgents(cc);
  admin.flows.save(SYSTEM, "demo", { hours: all24, ...flow });
  /** Place a call and press 1 after the greeting and menu start: the caller enters the queue. */
  const queueCall = async (from = "01011112222") => {
    const leg = telephony.call(from, "1588");
    await advance(clock, 2000);
    leg.press("1");
    await advance(clock, 0);
    return leg;
  };
  return { clock, db, repos, telephony, cc, admin, queueCall };
}
