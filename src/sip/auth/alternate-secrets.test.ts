import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { MemoryCredentialStore } from "../testing/memory-stores.ts";
import { digestAnswer, makeRequest } from "../testing/test-ua.ts";
import { withAlternateSecrets } from "./alternate-secrets.ts";
import { DigestAuthenticator, type DigestAlgorithm } from "./digest-authenticator.ts";

const REALM = "cc.test";

/** 1001 has the stored password "stored1" and whatever `live` lists now (a console session's softphone secret). */
function setup() {
  const live = new Map<string, string[]>([["1001", ["session-secret-a"]]]);
  const base = new MemoryCredentialStore(REALM).add("1001", "stored1").add("1003", "stored3", true).add("1004", "stored4");
  const credentials = withAlternateSecrets(base, REALM, (user) => live.get(user) ?? []);
  const auth = new DigestAuthenticator({ realm: REALM, clock: new FakeClock(), credentials, nonceLifetimeMs: 300_000, algorithms: ["MD5", "SHA-256"] });
  return { live, auth, credentials };
}

function register(auth: DigestAuthenticator, user: string, password: string, algorithm: DigestAlgorithm = "MD5") {
  const challenge = auth.challenges().find((c) => c.includes(`algorithm=${algorithm}`))!;
  const authorization = digestAnswer({ challenge, method: "REGISTER", uri: "sip:cc.test", username: user, password });
  const request = makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: `<sip:${user}@cc.test>;tag=a`, to: `<sip:${user}@cc.test>`, headers: [["Authorization", authorization]] });
  return auth.check(request, "authorization");
}

describe("digest credentials with alternate secrets (issue 8: softphone secrets of live console sessions)", () => {
  it("T4, A1: MUST accept a live console session's secret besides the stored password, with MD5 and SHA-256", () => {
    const { auth } = setup();
    expect(register(auth, "1001", "stored1")).toEqual({ kind: "ok", username: "1001" });
    expect(register(auth, "1001", "session-secret-a")).toEqual({ kind: "ok", username: "1001" });
    expect(register(auth, "1001", "session-secret-a", "SHA-256")).toEqual({ kind: "ok", username: "1001" });
  });

  it("T4, A1: a session's secret MUST stop working once the session is no longer live (signed out or expired)", () => {
    const { auth, live } = setup();
    live.set("1001", []);
    expect(register(auth, "1001", "session-secret-a")).toEqual({ kind: "failure", username: "1001", why: "wrong-password" });
    // A new session brings its own secret; the old one stays refused.
    live.set("1001", ["session-secret-b"]);
    expect(register(auth, "1001", "session-secret-b")).toEqual({ kind: "ok", username: "1001" });
    expect(register(auth, "1001", "session-secret-a").kind).toBe("failure");
  });

  it("T4: a secret MUST be good only for its own extension, and a blocked agent's MUST be refused", () => {
    const { auth, live } = setup();
    expect(register(auth, "1004", "session-secret-a")).toEqual({ kind: "failure", username: "1004", why: "wrong-password" });
    live.set("1003", ["blocked-secret"]);
    expect(register(auth, "1003", "blocked-secret")).toEqual({ kind: "failure", username: "1003", why: "blocked" });
  });

  it("T4: alternates MUST NOT make an unknown user known", () => {
    const { auth, live, credentials } = setup();
    live.set("1999", ["ghost"]);
    expect(credentials.lookup("1999")).toBeUndefined();
    expect(register(auth, "1999", "ghost")).toEqual({ kind: "failure", username: "1999", why: "unknown-user" });
  });

  it("T4: an account with no live secret MUST come back unchanged (no alternates to try)", () => {
    const { credentials } = setup();
    expect(credentials.lookup("1004")?.alternates).toBeUndefined();
    expect(credentials.lookup("1001")?.alternates).toHaveLength(1);
  });
});

describe("alternate secrets asked only when needed (issue 12: SIP hot path)", () => {
  it("T4: a check answered by the stored password MUST NOT ask for the live secrets; a check that needs them MUST ask at that moment", () => {
    const asked: string[] = [];
    const base = new MemoryCredentialStore(REALM).add("1001", "stored1");
    const credentials = withAlternateSecrets(base, REALM, (user) => (asked.push(user), user === "1001" ? ["session-secret-a"] : []));
    const auth = new DigestAuthenticator({ realm: REALM, clock: new FakeClock(), credentials, nonceLifetimeMs: 300_000, algorithms: ["MD5"] });
    expect(register(auth, "1001", "stored1")).toEqual({ kind: "ok", username: "1001" });
    expect(asked).toEqual([]);
    expect(register(auth, "1001", "session-secret-a")).toEqual({ kind: "ok", username: "1001" });
    expect(register(auth, "1001", "wrong")).toEqual({ kind: "failure", username: "1001", why: "wrong-password" });
    expect(asked).toEqual(["1001", "1001"]);
  });
});
