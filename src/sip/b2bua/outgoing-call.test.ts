import { describe, expect, it } from "bun:test";
import { createResponse } from "../message/index.ts";
import { carrier, harness, SDP } from "./test-host.ts";

function dial(credentials?: { username: string; password: string }) {
  const h = harness();
  const call = h.ua.call({
    uri: "sip:0212345678@192.0.2.1", target: carrier, fromUser: "15880000", toUser: "0212345678", domain: "192.0.2.1", sdp: SDP, ringTimeoutMs: 60_000,
    headers: [["p-asserted-identity", "<sip:15880000@192.0.2.1>"]], credentials,
  });
  const invite = h.requests.shift()!;
  return { ...h, call, invite };
}

describe("an outgoing call to a carrier (RFC 3262, RFC 3325)", () => {
  it("MUST carry the extra headers it is given (P-Asserted-Identity) in the INVITE", () => {
    const { invite } = dial();
    expect(invite.request.headers.get("p-asserted-identity")).toBe("<sip:15880000@192.0.2.1>");
  });

  it("T7, issue 17.3: MUST answer a carrier's 407 once with the trunk's credentials and tell it (the routing explainer names it)", () => {
    const { invite, requests, call } = dial({ username: "07055550011", password: "pw" });
    const told: number[] = [];
    call.onChallengeAnswered.subscribe((status) => told.push(status));
    const challenge = createResponse(invite.request, 407, undefined, "far1");
    challenge.headers.append("proxy-authenticate", 'Digest realm="carrier", nonce="abc", algorithm=MD5');
    invite.handlers.onResponse(challenge);
    expect(told).toEqual([407]);
    const again = requests.shift()!.request;
    expect(again.headers.get("proxy-authorization")).toContain('username="07055550011"');
    expect(again.headers.get("cseq")).toBe("2 INVITE");
  });

  it("MUST PRACK a reliable 18x once in its early dialog, and go on with the next CSeq after the 2xx", () => {
    const { invite, requests, call } = dial();
    const ringing = createResponse(invite.request, 180, undefined, "far1");
    ringing.headers.append("require", "100rel");
    ringing.headers.append("rseq", "7");
    ringing.headers.append("contact", "<sip:far@192.0.2.1:5070>");
    invite.handlers.onResponse(ringing);
    invite.handlers.onResponse(ringing); // a retransmission: no second PRACK
    expect(requests.map((r) => r.request.method)).toEqual(["PRACK"]);
    const p = requests.shift()!.request;
    expect(p.uri).toBe("sip:far@192.0.2.1:5070");
    expect(p.headers.get("rack")).toBe("7 1 INVITE");
    expect(p.headers.get("cseq")).toBe("2 PRACK");
    const plain = createResponse(invite.request, 183, undefined, "far1");
    invite.handlers.onResponse(plain); // not reliable: nothing to acknowledge
    expect(requests).toHaveLength(0);
    const ok = createResponse(invite.request, 200, undefined, "far1");
    ok.headers.append("contact", "<sip:far@192.0.2.1:5070>");
    ok.body = SDP;
    invite.handlers.onResponse(ok);
    call.hangup();
    expect(requests.map((r) => [r.request.method, r.request.headers.get("cseq")])).toEqual([["BYE", "3 BYE"]]);
  });
});
