import { describe, expect, it } from "bun:test";
import { SYSTEM } from "../../cc/index.ts";
import { writeWav } from "../admin/test-ops.ts";
import { consoleClient, testConsole } from "./test-console.ts";

/** The call ids a history list shows, in order. */
const listed = (html: string) => [...html.matchAll(/href="\/agent\/history\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));

/** a1 answered one call (recorded), a2 another; one caller abandoned; one internal call of a1. */
async function withCalls() {
  const t = testConsole();
  const mine = await t.answeredCall("01011110001", 2000, 30_000);
  writeWav(mine.recordingPath!);
  t.cc.setState("demo", "a1", "away", "break");
  const leg = await t.queueCall("01022220002");
  await t.advance(3000);
  leg.remoteHangup();
  await t.flush();
  const abandoned = t.cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
  const at = t.clock.now();
  t.repos.calls.create({
    callId: "internal-1", serviceId: "demo", direction: "internal", from: "1001", to: "1002", sipCallId: null, startedAt: at, queueId: null,
    queuedAt: null, offeredAt: null, answeredAt: at, endedAt: at + 1000, agent: "a1", hangupBy: "caller", result: "answered",
    recordingPath: null, waitSeconds: null, talkSeconds: 1, type: null,
  });
  return { ...t, mine, abandoned };
}

describe("the console's areas (A8–A11) and the PWA", () => {
  it("A8: MUST list my calls, unconnected calls and all of the service, leaving internal calls out", async () => {
    const t = await withCalls();
    const c = await consoleClient(t, "a1", t.pw.a1);
    expect(listed(await (await c.get("/agent/history?tab=mine")).text())).toEqual([t.mine.callId]);
    expect(listed(await (await c.get("/agent/history?tab=unconnected")).text())).toEqual([t.abandoned.callId]);
    expect(listed(await (await c.get("/agent/history?tab=all")).text())).toEqual([t.abandoned.callId, t.mine.callId]);
    expect((await c.get("/agent/history/internal-1")).status).toBe(404);
    const fragment = await (await c.get("/agent/history?tab=all", { "HX-Request": "true" })).text();
    expect(fragment.startsWith("<!DOCTYPE")).toBe(false);
    expect(fragment).toContain('class="area-title"');
  });

  it("A8, H5: a call's detail MUST play its recording, auditing a play only on each press of play, never on byte requests", async () => {
    const t = await withCalls();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const base = `/agent/history/${t.mine.callId}`;
    const detail = await (await c.get(base)).text();
    expect(detail).toContain(`data-played="${base}/recording/played"`);
    const plays = () => t.repos.audit.list("demo", 50).filter((e) => e.action === "play").length;
    expect((await c.get(`${base}/recording`, { Range: "bytes=0-99" })).status).toBe(206);
    expect(plays()).toBe(0);
    expect((await c.post(`${base}/recording/played`, {})).status).toBe(204);
    expect(plays()).toBe(1);
    expect(t.repos.audit.list("demo", 50).find((e) => e.action === "play")).toMatchObject({ actorKind: "agent", loginId: "a1" });
    expect((await c.get(`/agent/history/${t.abandoned.callId}/recording`)).status).toBe(404);
  });

  it("A8, C9: \"call back\" MUST post the number to the call controls' dial under /agent/calls, from the list and from a call's details", async () => {
    const t = await withCalls();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const detail = await (await c.get(`/agent/history/${t.abandoned.callId}`)).text();
    expect(detail).toMatch(/<form method="post" action="\/agent\/calls\/dial" data-call-action="#dial-result"[\s\S]*?name="number" value="01022220002"/);
    const list = await (await c.get("/agent/history?tab=all&lang=en")).text();
    const dials = [...list.matchAll(/action="\/agent\/calls\/dial"[^>]*>[\s\S]*?name="number" value="([^"]+)"[\s\S]*?>Call back</g)].map((m) => m[1]);
    expect(dials).toEqual(["01022220002", "01011110001"]);
    expect(list).toContain('<div id="dial-result" role="status"></div>');
  });

  it("A9: statistics MUST give offered, answered, answer rate and SL by agent and by menu for today to the last 30 days", async () => {
    const t = await withCalls();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const row = (html: string, name: string) => new RegExp(`<td data-label="[^"]*">${name}</td>((?:<td[^>]*>[^<]*</td>){4})`).exec(html)?.[1]?.replace(/<[^>]+>/g, "|");
    const byAgent = await (await c.get("/agent/stats?by=agent&period=today&lang=en")).text();
    expect(row(byAgent, "a1 \\(a1\\)")).toBe("|1||1||100%||100%|");
    const byQueue = await (await c.get("/agent/stats?by=queue&period=week&lang=en")).text();
    expect(row(byQueue, "Main")).toBe("|2||1||50%||100%|");
    const yesterday = await (await c.get("/agent/stats?by=queue&period=yesterday")).text();
    expect(row(yesterday, "Main")).toBe("|0||0||—||—|");
    for (const p of ["month", "days30"]) expect((await c.get(`/agent/stats?by=agent&period=${p}`)).status).toBe(200);
  });

  it("A10: open callbacks MUST be listed with call and remove (through the one door, logged with the agent), and processed ones apart", async () => {
    const t = testConsole();
    const open = t.repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: null, number: "01044445555" }, t.clock.now());
    const done = t.repos.callbacks.create({ serviceId: "demo", queueId: "main", callId: null, number: "01066667777" }, t.clock.now());
    t.admin.callbacks.change(SYSTEM, "demo", done.id, { op: "complete", agent: "a2" });
    const c = await consoleClient(t, "a1", t.pw.a1);
    const list = await (await c.get("/agent/callbacks")).text();
    expect(list).toContain("01044445555");
    expect(list).not.toContain("01066667777");
    expect(list).toContain('action="/agent/calls/dial"');
    expect(await (await c.get("/agent/callbacks?tab=done")).text()).toContain("01066667777");
    const removed = await c.post(`/agent/callbacks/${open.id}/remove`, {}, { "HX-Request": "true" });
    expect(removed.status).toBe(200);
    expect(t.repos.callbacks.get(open.id)).toMatchObject({ state: "deleted", agent: "a1" });
    expect(t.repos.audit.list("demo", 10).find((e) => e.action === "remove")).toMatchObject({ actorKind: "agent", loginId: "a1" });
    const again = await c.post(`/agent/callbacks/${open.id}/remove?lang=en`, {}, { "HX-Request": "true" });
    expect(await again.text()).toContain("already closed");
  });

  it("A11: MUST change the password with the current one, show notices with an unread count, and About with the version and licences (LGPL note)", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const wrong = await c.post("/agent/more/password?lang=en", { current: "nope-nope", next: "brand-new-pass" }, { "HX-Request": "true" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("The current password is wrong.");
    const ok = await c.post("/agent/more/password", { current: t.pw.a1, next: "brand-new-pass" }, { "HX-Request": "true" });
    expect(await ok.text()).toContain('data-testid="password-changed"');
    expect((await t.admin.agentSignIns.signIn({ serviceId: "demo", loginId: "a1", password: "brand-new-pass", ip: "x" })).kind).toBe("confirm");

    t.admin.console.postNotice({ kind: "member", id: "boss" }, "demo", { title: "Menu 2", body: "New menu entry." }, false);
    expect(await (await c.get("/agent/")).text()).toMatch(/data-testid="unread">1</);
    const more = await (await c.get("/agent/more?lang=en")).text();
    expect(more).toContain("Menu 2");
    expect(more).toContain('class="unread"');
    expect(await (await c.get("/agent/")).text()).not.toContain('data-testid="unread"');
    expect(/data-testid="version">([^<]+)</.exec(more)![1]).toMatch(/^\d+\.\d+\.\d+/);
    for (const s of ["@breezystack/lamejs", "LGPL-3.0", "hono", "uplot", "htmx.org", "zod"]) expect(more).toContain(s);
  });

  it("PWA: MUST be installable (manifest, icons, service worker for /agent/) and the worker MUST cache only the shell, never pages, API or the stream", async () => {
    const t = testConsole();
    const manifest = await (await t.app.request("/agent/manifest.webmanifest")).json();
    expect(manifest).toMatchObject({ start_url: "/agent/", scope: "/agent/", display: "standalone" });
    for (const icon of manifest.icons) {
      const res = await t.app.request(icon.src);
      const png = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get("content-type")).toBe("image/png");
      expect([...png.slice(0, 4)]).toEqual([137, 80, 78, 71]);
      const size = new DataView(png.buffer).getUint32(16);
      expect(`${size}x${size}`).toBe(icon.sizes);
    }
    const sw = await (await t.app.request("/agent/sw.js")).text();
    const shell: string[] = JSON.parse(/var SHELL = (\[[\s\S]*?\]);/.exec(sw)![1]!.replace(/,\s*\]/, "]"));
    expect(shell.every((p) => /\.(js|css|png|webmanifest)$/.test(p))).toBe(true);
    expect(shell.some((p) => /events|api|history|\/agent\/$/.test(p))).toBe(false);
    expect(sw).not.toContain("__VERSION__");
    for (const p of shell) expect((await t.app.request(p)).status).toBe(200);
  });
  it("PWA: the worker's fetch handler MUST leave the stream, the call controls, API answers and pages to the network and answer only GETs of the shell", async () => {
    const t = testConsole();
    const sw = await (await t.app.request("/agent/sw.js")).text();
    const listeners: Record<string, (e: unknown) => void> = {};
    const self = { location: { origin: "https://cc.example" }, addEventListener: (name: string, f: (e: unknown) => void) => { listeners[name] = f; } };
    const caches = { match: async () => undefined, open: async () => ({ put: () => {} }) };
    new Function("self", "caches", "fetch", sw)(self, caches, async () => new Response("shell"));
    const answered = (method: string, url: string) => {
      let took = false;
      listeners.fetch!({ request: { method, url }, respondWith: () => { took = true; } });
      return took;
    };
    const network = [
      ["GET", "/agent/events"], ["POST", "/agent/calls/dial"], ["POST", "/agent/calls/hangup"], ["GET", "/api/v1/services/demo"], ["GET", "/agent/"],
      ["GET", "/agent/history"], ["GET", "/agent/history/c1/recording"], ["GET", "/agent/softphone/credentials"], ["POST", "/agent/assets/console.js"],
    ];
    for (const [method, path] of network) expect(answered(method!, `https://cc.example${path}`), `${method} ${path}`).toBe(false);
    expect(answered("GET", "https://elsewhere.example/agent/assets/console.js")).toBe(false);
    for (const path of ["/agent/assets/console.js", "/agent/assets/dialpad.js", "/assets/htmx.min.js", "/agent/manifest.webmanifest"]) {
      expect(answered("GET", `https://cc.example${path}`), path).toBe(true);
    }
  });
});
