import { describe, expect, it } from "bun:test";
import { createRepos } from "../../store/index.ts";
import { createApp } from "../app.ts";
import { testApp } from "../test-app.ts";

const ORIGIN = "http://localhost";
type App = Awaited<ReturnType<typeof testApp>>["app"];

/** A sign-in from `ip` (the socket peer, as main.ts passes it), with an optional cookie. */
function signIn(app: App, password: string, ip: string, cookie?: string) {
  return app.request(
    "/admin/login",
    {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ loginId: "admin", password }).toString(),
    },
    { ip: { address: ip } },
  );
}

const deviceCookie = (res: Response) => /cc_device=[^;]+/.exec(res.headers.getSetCookie().join("\n"))?.[0];

describe("X4: admin sign-in throttle with known devices (issue 11)", () => {
  it("X4: MUST let the owner sign in on a known device while a guesser on the same address is throttled", async () => {
    const { app } = await testApp();
    const first = await signIn(app, "admin-password", "203.0.113.5");
    expect(first.status).toBe(303);
    const device = deviceCookie(first);
    expect(device).toBeTruthy();
    expect(first.headers.getSetCookie().join("\n")).toMatch(/cc_device=[^;]+;.*HttpOnly/i);

    for (let i = 0; i < 5; i++) expect((await signIn(app, "guess", "203.0.113.5")).status).toBe(401);
    expect((await signIn(app, "admin-password", "203.0.113.5")).status).toBe(429); // unknown browser: throttled
    expect((await signIn(app, "admin-password", "203.0.113.5", device)).status).toBe(303); // the owner's browser
  });

  it("X4: MUST throttle one account guessed from many addresses, but not its known device", async () => {
    const { app } = await testApp();
    const device = deviceCookie(await signIn(app, "admin-password", "198.51.100.1"));
    for (let i = 0; i < 20; i++) expect((await signIn(app, "guess", `192.0.2.${i + 1}`)).status).toBe(401);
    expect((await signIn(app, "admin-password", "192.0.2.200")).status).toBe(429);
    expect((await signIn(app, "admin-password", "192.0.2.201", device)).status).toBe(303);
  });

  it("X4: MUST count a known device's own wrong passwords, and refuse a forged or another account's device cookie", async () => {
    const { app } = await testApp();
    const device = deviceCookie(await signIn(app, "admin-password", "198.51.100.2"))!;
    for (let i = 0; i < 5; i++) expect((await signIn(app, "typo", "198.51.100.2", device)).status).toBe(401);
    expect((await signIn(app, "admin-password", "198.51.100.2", device)).status).toBe(429);
    const forged = `${device.slice(0, -4)}AAAA`;
    for (let i = 0; i < 5; i++) await signIn(app, "guess", "198.51.100.3", forged);
    expect((await signIn(app, "admin-password", "198.51.100.3", forged)).status).toBe(429); // counted as unknown
  });

  it("X4 (issue 11): a known device MUST stay known across a restart (its key is kept in the database)", async () => {
    const { app, db, deps } = await testApp();
    const device = deviceCookie(await signIn(app, "admin-password", "203.0.113.9"))!;
    // The restart: a new app over new repositories on the same database; the throttle starts empty.
    const restarted = createApp({ ...deps, repos: createRepos(db, "contact-center") });
    for (let i = 0; i < 5; i++) expect((await signIn(restarted, "guess", "203.0.113.9")).status).toBe(401);
    expect((await signIn(restarted, "admin-password", "203.0.113.9")).status).toBe(429); // an unknown browser: throttled
    expect((await signIn(restarted, "admin-password", "203.0.113.9", device)).status).toBe(303); // still the owner's browser
    const key = db.query("SELECT device_key FROM organization WHERE id = 1").get() as { device_key: Uint8Array };
    expect(key.device_key.length).toBe(32);
  });
});
