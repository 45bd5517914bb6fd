import { describe, expect, it } from "bun:test";
import { FakeClock } from "../../lib/index.ts";
import { MemoryCredentialStore } from "../testing/memory-stores.ts";
import { digestAnswer, hexHash, makeRequest } from "../testing/test-ua.ts";
import { computeHa1, DigestAuthenticator, type DigestAlgorithm } from "./digest-authenticator.ts";
import { parseDigestCredentials } from "./digest-header.ts";

const REALM = "cc.test";

function setup(algorithms?: DigestAlgorithm[]) {
  const clock = new FakeClock();
  const credentials = new MemoryCredentialStore(REALM).add("1001", "secret1").add("1003", "secret3", true);
  const auth = new DigestAuthenticator({ realm: REALM, clock, credentials, nonceLifetimeMs: 300_000, algorithms });
  return { clock, auth };
}

function register(authorization?: string) {
  return makeRequest({
    method: "REGISTER",
    uri: "sip:cc.test",
    from: "<sip:1001@cc.test>;tag=a",
    to: "<sip:1001@cc.test>",
    headers: authorization ? [["Authorization", authorization]] : [],
  });
}

function challenge(auth: DigestAuthenticator, algorithm: DigestAlgorithm = "MD5", stale = false): string {
  return auth.challenges(stale).find((c) => c.includes(`algorithm=${algorithm}`))!;
}

function answer(auth: DigestAuthenticator, opts: { algorithm?: DigestAlgorithm; user?: string; password?: string; nc?: number; challenge?: string } = {}) {
  return digestAnswer({
    challenge: opts.challenge ?? challenge(auth, opts.algorithm),
    method: "REGISTER",
    uri: "sip:cc.test",
    username: opts.user ?? "1001",
    password: opts.password ?? "secret1",
    nc: opts.nc,
  });
}

describe("DigestAuthenticator", () => {
  it("T4: MUST challenge a request without credentials (not a failure)", () => {
    const { auth } = setup();
    expect(auth.check(register(), "authorization")).toEqual({ kind: "challenge", stale: false });
  });

  it("T4: MUST offer MD5 and SHA-256 challenges with qop=auth", () => {
    const { auth } = setup();
    const values = auth.challenges();
    expect(values).toHaveLength(2);
    expect(values[0]).toContain("algorithm=MD5");
    expect(values[1]).toContain("algorithm=SHA-256");
    for (const v of values) expect(v).toContain('qop="auth"');
    expect(values[0]).toContain(`realm="${REALM}"`);
  });

  it("T4: MUST accept an MD5 digest response with qop=auth", () => {
    const { auth } = setup();
    expect(auth.check(register(answer(auth)), "authorization")).toEqual({ kind: "ok", username: "1001" });
  });

  it("T4: MUST accept a SHA-256 digest response (RFC 8760)", () => {
    const { auth } = setup();
    expect(auth.check(register(answer(auth, { algorithm: "SHA-256" })), "authorization")).toEqual({ kind: "ok", username: "1001" });
  });

  it("T4: MUST check the header it is asked about (Proxy-Authorization for INVITE)", () => {
    const { auth } = setup();
    const request = register();
    request.headers.append("proxy-authorization", answer(auth));
    expect(auth.check(request, "authorization").kind).toBe("challenge");
    expect(auth.check(request, "proxy-authorization").kind).toBe("ok");
  });

  it("T4: MUST refuse a wrong password", () => {
    const { auth } = setup();
    const result = auth.check(register(answer(auth, { password: "nope" })), "authorization");
    expect(result).toEqual({ kind: "failure", username: "1001", why: "wrong-password" });
  });

  it("T4: MUST refuse a wrong SHA-256 password", () => {
    const { auth } = setup();
    expect(auth.check(register(answer(auth, { algorithm: "SHA-256", password: "x" })), "authorization").kind).toBe("failure");
  });

  it("T4: MUST answer an unknown user exactly like a wrong password", () => {
    const { auth } = setup();
    const unknown = auth.check(register(answer(auth, { user: "9999" })), "authorization");
    const wrong = auth.check(register(answer(auth, { password: "nope" })), "authorization");
    expect(unknown.kind).toBe("failure");
    expect(wrong.kind).toBe("failure");
    // The outward answer is built only from the kind and the stale flag; both must be equal.
    expect(auth.challenges().length).toBe(2);
  });

  it("T4: MUST refuse a replayed nonce-count", () => {
    const { auth } = setup();
    const c = challenge(auth);
    expect(auth.check(register(answer(auth, { challenge: c, nc: 1 })), "authorization").kind).toBe("ok");
    expect(auth.check(register(answer(auth, { challenge: c, nc: 1 })), "authorization")).toMatchObject({ kind: "failure", why: "replay" });
    expect(auth.check(register(answer(auth, { challenge: c, nc: 2 })), "authorization").kind).toBe("ok");
    expect(auth.check(register(answer(auth, { challenge: c, nc: 2 })), "authorization")).toMatchObject({ why: "replay" });
  });

  it("T4: MUST mark an expired nonce stale", () => {
    const { auth, clock } = setup();
    const c = challenge(auth);
    clock.advance(300_001);
    expect(auth.check(register(answer(auth, { challenge: c })), "authorization")).toEqual({ kind: "challenge", stale: true });
    expect(auth.challenges(true)[0]).toContain("stale=true");
  });

  it("T4: MUST accept a nonce until its lifetime ends", () => {
    const { auth, clock } = setup();
    const c = challenge(auth);
    clock.advance(299_000);
    expect(auth.check(register(answer(auth, { challenge: c })), "authorization").kind).toBe("ok");
  });

  it("T4: MUST refuse a forged nonce", () => {
    const { auth } = setup();
    const forged = `Digest realm="${REALM}", nonce="${(Date.now()).toString(36)}.abc.forgedmacforgedmacfo", algorithm=MD5, qop="auth"`;
    expect(auth.check(register(answer(auth, { challenge: forged })), "authorization")).toMatchObject({ kind: "failure", why: "invalid-nonce" });
  });

  it("T4: MUST refuse a nonce issued by another server instance", () => {
    const { auth } = setup();
    const other = setup().auth;
    expect(auth.check(register(answer(auth, { challenge: challenge(other) })), "authorization")).toMatchObject({ why: "invalid-nonce" });
  });

  it("T4: MUST refuse a blocked extension even with the right password", () => {
    const { auth } = setup();
    const result = auth.check(register(answer(auth, { user: "1003", password: "secret3" })), "authorization");
    expect(result).toMatchObject({ kind: "failure", why: "blocked" });
  });

  it("T4: MUST challenge credentials for another realm or without qop", () => {
    const { auth } = setup();
    const other = answer(auth).replace(`realm="${REALM}"`, 'realm="elsewhere"');
    expect(auth.check(register(other), "authorization").kind).toBe("challenge");
    const noQop = answer(auth).replace(", qop=auth", "");
    expect(auth.check(register(noQop), "authorization").kind).toBe("challenge");
  });

  it("T4: MUST NOT crash on a response with non-ASCII characters", () => {
    const { auth } = setup();
    const weird = answer(auth).replace(/response="[0-9a-f]+"/, `response="${"é".repeat(32)}"`);
    expect(auth.check(register(weird), "authorization").kind).toBe("failure");
  });

  it("T4: HA1 is H(username:realm:password)", () => {
    expect(computeHa1("MD5", "1001", REALM, "pw")).toBe(hexHash("MD5", `1001:${REALM}:pw`));
    expect(computeHa1("SHA-256", "1001", REALM, "pw")).toHaveLength(64);
  });

  it("T4: parses Digest credentials with quoted commas and defaults algorithm to MD5", () => {
    const c = parseDigestCredentials('Digest username="a,b", realm="r", nonce="n", uri="sip:x", response="ABC"');
    expect(c).toMatchObject({ username: "a,b", realm: "r", algorithm: "MD5", response: "abc" });
    expect(parseDigestCredentials("Basic abc")).toBeUndefined();
    expect(parseDigestCredentials('Digest username="a"')).toBeUndefined();
  });

  it("T4: MUST refuse credentials whose uri names another target, and take a uri without the user part (SIPp)", () => {
    const { auth } = setup();
    const signed = (uri: string) =>
      makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: "<sip:1001@cc.test>;tag=a", to: "<sip:1001@cc.test>",
        headers: [["Authorization", digestAnswer({ challenge: challenge(auth), method: "REGISTER", uri, username: "1001", password: "secret1" })]] });
    expect(auth.check(signed("sip:cc.test:5060"), "authorization").kind).toBe("ok");
    expect(auth.check(signed("sip:elsewhere.example"), "authorization")).toMatchObject({ kind: "failure", why: "uri-mismatch" });
    expect(auth.check(signed("sip:cc.test:5070"), "authorization")).toMatchObject({ kind: "failure", why: "uri-mismatch" });
  });
});
