import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { testOps } from "./test-ops.ts";

const PAGE = "/admin/services/demo/history/worklist";
const rowsOf = (html: string) => [...html.matchAll(/<tr data-number="([^"]+)">/g)].map((m) => m[1]);

/** A caller who waits with nobody ready and hangs up: abandoned. */
async function abandon(t: Awaited<ReturnType<typeof testOps>>, from: string) {
  for (const a of ["a1", "a2", "a3"]) t.cc.setState("demo", a, "away", "break");
  const leg = await t.queueCall(from);
  await t.advance(3000);
  leg.remoteHangup();
  await t.flush();
}

describe("no lost caller: the worklist (issue 15)", () => {
  it("issue 15: MUST list every abandoned, after-hours or failed-callback caller once per number until a connected call with the number exists", async () => {
    const t = await testOps();
    await abandon(t, "010-5555-0001");
    await abandon(t, "01055550001"); // the same number written another way
    await abandon(t, "01055550002");
    const d = t.deps.admin;
    const hours = d.flows.read("demo").hours;
    d.flows.save(SYSTEM, "demo", { ...d.flows.read("demo"), hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    const late = t.telephony.call("01055550003", "1588");
    await t.advance(20_000);
    late.remoteHangup();
    await t.flush();
    d.flows.save(SYSTEM, "demo", { ...d.flows.read("demo"), hours });
    const { request } = d.callbacks.request(SYSTEM, "demo", { number: "01055550004" });
    d.callbacks.change(SYSTEM, "demo", request.id, { op: "fail", agent: "a2" });
    let html = await (await t.admin.get(`${PAGE}?lang=en`)).text();
    expect(rowsOf(html).sort()).toEqual(["01055550001", "01055550002", "01055550003", "01055550004"]);
    expect(html).toContain("Abandoned");
    expect(html).toContain("After hours");
    expect(html).toContain("Callback failed");
    expect(html).toMatch(/<td data-label="Times">2<\/td>/); // the number's two losses, one row
    // An agent reaches 0002 (the caller calls again and is answered): it leaves the list.
    await t.answeredCall("01055550002", 1000, 5000);
    html = await (await t.admin.get(`${PAGE}?lang=en`)).text();
    expect(rowsOf(html)).not.toContain("01055550002");
    expect(rowsOf(html)).toHaveLength(3);
  });

  it("issue 15: MUST take a callback one click from the worklist, through the one door, once per number", async () => {
    const t = await testOps();
    await abandon(t, "01066660001");
    const first = await t.admin.post(`${PAGE}/callback?lang=en`, { number: "01066660001" });
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("Callback requested for 01066660001.");
    const [cb] = t.cc.callbacks("demo");
    expect(cb).toMatchObject({ number: "01066660001", state: "requested", queueId: "main", agent: "admin" });
    expect(html).toContain(`data-callback="${cb!.id}"`); // the row now says a callback waits, no second button
    const again = await (await t.admin.post(`${PAGE}/callback?lang=en`, { number: "010-6666-0001" })).text();
    expect(again).toContain("already has a callback waiting");
    expect(t.cc.callbacks("demo")).toHaveLength(1);
    expect(t.repos.audit.list("demo", 20).some((e) => e.action === "request" && e.target.startsWith("callbacks/"))).toBe(true);
  });

  it("issue 15: MUST refuse a callback for something that is not a phone number, with its message", async () => {
    const t = await testOps();
    const res = await t.admin.post(`${PAGE}/callback?lang=en`, { number: "<script>" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('data-error="format"');
    expect(t.cc.callbacks("demo")).toHaveLength(0);
  });

  it("C7: MUST save the service's callback settings (key, retry minutes, tries, automatic dialling) through the one door, and refuse bad ones", async () => {
    const t = await testOps();
    const ok = await t.admin.post(`${PAGE}/settings?lang=en`, { callbackKey: "9", callbackRetryMinutes: "15", callbackTries: "4", callbackAutoDial: "1" });
    expect(await ok.text()).toContain("Callback settings saved.");
    expect(t.deps.admin.flows.read("demo")).toMatchObject({ callbackKey: "9", callbackRetryMinutes: 15, callbackTries: 4, callbackAutoDial: true });
    const bad = await t.admin.post(`${PAGE}/settings?lang=en`, { callbackKey: "A", callbackRetryMinutes: "15", callbackTries: "4" });
    expect(bad.status).toBe(422);
    const zero = await t.admin.post(`${PAGE}/settings?lang=en`, { callbackRetryMinutes: "0", callbackTries: "4" });
    expect(zero.status).toBe(422);
    expect(t.deps.admin.flows.read("demo").callbackRetryMinutes).toBe(15);
  });

  it("C7: MUST show on the callback history when an open request is tried next (after no answer, the service's retry minutes)", async () => {
    const t = await testOps();
    const { request } = t.deps.admin.callbacks.request(SYSTEM, "demo", { number: "01077770000" });
    t.cc.callbackList.unanswered("demo", request.id, "a1");
    const next = t.repos.callbacks.get(request.id)!.nextTryAt!;
    expect(next - t.clock.now()).toBe(10 * 60_000);
    const html = await (await t.admin.get("/admin/services/demo/history/callbacks?lang=en&from=2026-03-04&to=2026-03-04")).text();
    expect(html).toContain("Next try");
    const hhmm = Temporal.Instant.fromEpochMilliseconds(next).toZonedDateTimeISO("Asia/Seoul").toPlainTime().toString().slice(0, 5);
    expect(html).toMatch(new RegExp(`data-label="Next try">[^<]*${hhmm}`));
  });
});
