import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { splitOutsideQuotes, unquote } from "../message/index.ts";
import { parseDigestCredentials } from "./digest-header.ts";

/** The parser as it was before it read ASCII values in place: the oracle. */
function reference(value: string) {
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return undefined;
  const f: Record<string, string> = {};
  for (const part of splitOutsideQuotes(value.slice(m[0].length), ",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "qop", "nc", "opaque"].includes(key)) f[key] = unquote(part.slice(eq + 1).trim());
  }
  if (f.username === undefined || f.realm === undefined || !f.nonce || !f.uri || !f.response) return undefined;
  return { username: f.username, realm: f.realm, nonce: f.nonce, uri: f.uri, response: f.response.toLowerCase(), algorithm: (f.algorithm ?? "MD5").toUpperCase(), cnonce: f.cnonce, qop: f.qop?.toLowerCase(), nc: f.nc, opaque: f.opaque };
}

const piece = fc.constantFrom("username", "UserName", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "qop", "nc", "opaque", "x", "=", "\"", "\\", ",", " ", "\t", "<", ">", "a", "B", "1", "sip:1001@h", "é", "\u00a0");
const header = fc.array(piece, { maxLength: 60 }).map((p) => `Digest ${p.join("")}`);
// Valid credentials with generated text before or after them, so the fields read are compared, not only "undefined".
const base = "username=u, realm=r, nonce=n, uri=sip:s, response=AB";
const around = fc.tuple(fc.array(piece, { maxLength: 40 }), fc.boolean()).map(([p, after]) => (after ? `Digest ${base},${p.join("")}` : `Digest ${p.join("")},${base}`));
const wellFormed = fc
  .array(fc.tuple(fc.constantFrom("username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce", "algorithm"), fc.string({ maxLength: 8 }), fc.boolean()), { minLength: 5, maxLength: 12 })
  .map((ps) => `Digest ${ps.map(([k, v, q]) => (q ? `${k}="${v.replace(/["\\]/g, "\\$&")}"` : `${k}=${v}`)).join(", ")}`);

describe("Digest credentials read in place (issue 12)", () => {
  it("T4: MUST read every header as the general parser does", () => {
    fc.assert(fc.property(fc.oneof(header, wellFormed, around), (value) => expect(parseDigestCredentials(value)).toEqual(reference(value))), { numRuns: 5000 });
  });

  it("T4: MUST read quoted commas, escapes and spacing of a phone's answer", () => {
    const value = 'Digest  username = "10\\"01" ,realm="cc", nonce="n,1",uri="sip:cc" , response="ABCDEF",qop=auth, nc=00000001,cnonce="c"';
    expect(parseDigestCredentials(value)).toEqual(reference(value));
    expect(parseDigestCredentials(value)).toMatchObject({ username: '10"01', nonce: "n,1", response: "abcdef", qop: "auth" });
  });
});
