import { describe, expect, it } from "bun:test";
import { AGENT_SESSION_TTL_MS } from "../../cc/index.ts";
import { softphoneSecret, softphoneSecretsFor } from "./softphone-credentials.ts";
import { consoleClient, testConsole } from "./test-console.ts";

/** The credentials route's answer for a signed-in console. */
async function credentials(c: Awaited<ReturnType<typeof consoleClient>>) {
  const res = await c.get("/agent/softphone/credentials");
  return { res, body: res.status === 200 ? ((await res.json()) as { user: string; password: string; displayName: string }) : undefined };
}

describe("GET /agent/softphone/credentials (issue 8: the softphone's SIP secret bound to the console session)", () => {
  it("A1, T4: MUST give the signed-in agent's extension and a session-bound secret, never cached", async () => {
    const t = testConsole();
    const c = await consoleClient(t, "a1", t.pw.a1);
    const { res, body } = await credentials(c);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(body!.user).toBe("1001");
    expect(body!.displayName).toBe("a1");
    expect(body!.password).toMatch(/^[0-9a-f]{64}$/);
    // The secret is what the digest authenticator is told is good for 1001 now (main.ts wires it as alternates).
    const secretsFor = softphoneSecretsFor(t.repos, () => t.clock.now());
    expect(secretsFor("1001")).toEqual([body!.password]);
    expect(secretsFor("1002")).toEqual([]);
    // Asking again gives the same secret (the console may restart its softphone); it is not the session id.
    expect((await credentials(c)).body!.password).toBe(body!.password);
    expect(c.cookie).not.toContain(body!.password);
  });

  it("A1: each console session MUST have its own secret, and a session signed out elsewhere MUST lose it", async () => {
    const t = testConsole();
    const first = await consoleClient(t, "a1", t.pw.a1, "10.0.0.1");
    const one = (await credentials(first)).body!.password;
    const ask = await t.app.request("/agent/login", {
      method: "POST",
      headers: { Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ serviceId: "demo", loginId: "a1", password: t.pw.a1 }).toString(),
    }, { ip: { address: "10.0.0.2" } });
    const ticket = /name="ticket" value="([^"]+)"/.exec(await ask.text())![1]!;
    const forced = await t.app.request("/agent/login/confirm", {
      method: "POST",
      headers: { Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ticket, force: "1" }).toString(),
    }, { ip: { address: "10.0.0.2" } });
    const cookie = /cc_agent=[^;]+/.exec(forced.headers.get("set-cookie") ?? "")![0];
    const two = await (await t.app.request("/agent/softphone/credentials", { headers: { Cookie: cookie } }, { ip: { address: "10.0.0.2" } })).json();
    expect(two.password).not.toBe(one);
    expect(softphoneSecretsFor(t.repos, () => t.clock.now())("1001")).toEqual([two.password]);
    expect((await credentials(first)).res.status).not.toBe(200);
  });

  it("A1: signing out or the session expiring MUST end the secret", async () => {
    const t = testConsole();
    const secretsFor = softphoneSecretsFor(t.repos, () => t.clock.now());
    const c = await consoleClient(t, "a1", t.pw.a1);
    expect(secretsFor("1001")).toHaveLength(1);
    expect((await c.post("/agent/logout", {})).status).toBeLessThan(400);
    expect(secretsFor("1001")).toEqual([]);

    const d = await consoleClient(t, "a1", t.pw.a1);
    expect(secretsFor("1001")).toHaveLength(1);
    t.clock.advance(AGENT_SESSION_TTL_MS + 1000);
    expect(secretsFor("1001")).toEqual([]);
    expect((await credentials(d)).res.status).toBe(303);
  });

  it("X4: without a console session MUST NOT give anything (401 for a script)", async () => {
    const t = testConsole();
    const res = await t.app.request("/agent/softphone/credentials", { headers: { "HX-Request": "true" } });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("password");
    expect(softphoneSecretsFor(t.repos)("9999")).toEqual([]);
  });

  it("A1: the secret MUST be a keyed hash of the session id (hex SHA-256 HMAC), different per session", () => {
    expect(softphoneSecret("a")).toMatch(/^[0-9a-f]{64}$/);
    expect(softphoneSecret("a")).not.toBe(softphoneSecret("b"));
  });
});
