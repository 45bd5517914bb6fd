import { describe, expect, it } from "bun:test";
import { createResponse, parseMessage, type SipRequest } from "../message/index.ts";
import { CallState, type CallEnd } from "./call-state.ts";
import { optionTags } from "./reliable-provisionals.ts";
import { termsOfRequest } from "./session-timer.ts";
import { carrier, harness, invite, SDP } from "./test-host.ts";

/** The carrier's INVITE answered and ACKed: a confirmed incoming call. */
async function confirmedIncoming(extra: string[]) {
  const h = harness();
  const { tx, responses } = h.serverTx(invite(extra));
  const call = h.ua.acceptInvite(tx, carrier)!;
  const ended: CallEnd[] = [];
  call.onEnded.subscribe((e) => void ended.push(e));
  const answered = call.answer(SDP);
  const ok = responses.at(-1)!;
  const ack = "ACK sip:cc@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKack\r\nMax-Forwards: 70\r\nFrom: <sip:01012345678@192.0.2.1>;tag=c1\r\n" +
    "To: <sip:15880000@192.0.2.10>;tag=x\r\nCall-ID: st-1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
  call.handleAck(parseMessage(ack) as SipRequest);
  await answered;
  return { ...h, call, ok, ended };
}

describe("session timers (RFC 4028)", () => {
  it("MUST read Session-Expires and Min-SE: below 90 s is too small; the refresher left open goes to a requester that supports timers", () => {
    expect(termsOfRequest(invite(["Session-Expires: 30"]))).toEqual({ tooSmall: true });
    expect(termsOfRequest(invite(["Session-Expires: 90", "Supported: timer"]))).toEqual({ interval: 90, refresher: "uac", requireTimer: true });
    expect(termsOfRequest(invite(["x: 1800;refresher=uas"]))).toEqual({ interval: 1800, refresher: "uas", requireTimer: false });
    expect(termsOfRequest(invite(["Session-Expires: 100", "Min-SE: 120", "Supported: timer"]))).toMatchObject({ interval: 120 });
    expect(termsOfRequest(invite([]))).toBeUndefined();
  });

  it("MUST answer an INVITE whose interval is below 90 s with 422 and Min-SE: 90, and take no call", () => {
    const h = harness();
    const { tx, responses } = h.serverTx(invite(["Session-Expires: 30", "Supported: timer"]));
    let offered = 0;
    h.ua.onIncomingCall.subscribe(() => offered++);
    expect(h.ua.acceptInvite(tx, carrier)).toBeUndefined();
    expect(responses.map((r) => [r.status, r.headers.get("min-se")])).toEqual([[422, "90"]]);
    expect(offered).toBe(0);
    expect(h.ua.size).toBe(0);
  });

  it("as the refresher, MUST refresh with UPDATE at half the interval, retry a refused refresh in 4 s, and end the call with BYE when a refresh gets 481", async () => {
    const { clock, requests, call, ok, ended, ua } = await confirmedIncoming(["Session-Expires: 90;refresher=uas", "Supported: timer", "Allow: INVITE, ACK, BYE, UPDATE"]);
    expect(ok.headers.get("session-expires")).toBe("90;refresher=uas");
    expect(ok.headers.get("require")).toBe("timer");
    clock.advance(44_999);
    expect(requests).toHaveLength(0);
    clock.advance(1);
    const first = requests.shift()!;
    expect(first.request.method).toBe("UPDATE");
    expect(first.request.headers.get("session-expires")).toBe("90;refresher=uac");
    first.handlers.onResponse(createResponse(first.request, 200));
    clock.advance(45_000);
    const glare = requests.shift()!;
    glare.handlers.onResponse(createResponse(glare.request, 491)); // refused: tried again 4 s later
    expect(requests).toHaveLength(0);
    clock.advance(4000);
    const second = requests.shift()!;
    expect(second.request.method).toBe("UPDATE");
    second.handlers.onResponse(createResponse(second.request, 481));
    expect(requests.map((r) => r.request.method)).toEqual(["BYE"]);
    expect(ended).toEqual([{ by: "system", cause: "expired", status: 481 }]);
    expect(call.state).toBe(CallState.Terminated);
    expect(ua.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it("when the peer refreshes, MUST answer its refresh with the interval and end the call only when no refresh came in time", async () => {
    const { clock, requests, call, ended, serverTx } = await confirmedIncoming(["Session-Expires: 90;refresher=uac", "Supported: timer"]);
    clock.advance(40_000);
    const update = parseMessage(
      "UPDATE sip:cc@192.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKup1\r\nMax-Forwards: 70\r\nFrom: <sip:01012345678@192.0.2.1>;tag=c1\r\n" +
        `To: <sip:15880000@192.0.2.10>;tag=x\r\nCall-ID: st-1\r\nCSeq: 2 UPDATE\r\nSession-Expires: 90;refresher=uac\r\nSupported: timer\r\nContent-Length: 0\r\n\r\n`,
    ) as SipRequest;
    const { tx, responses } = serverTx(update);
    call.handleRequest(update, tx);
    expect(responses.map((r) => [r.status, r.headers.get("session-expires")])).toEqual([[200, "90;refresher=uac"]]);
    clock.advance(59_999); // 60 s after the refresh: 90 − min(32, 90/3)
    expect(ended).toEqual([]);
    clock.advance(1);
    expect(requests.map((r) => r.request.method)).toEqual(["BYE"]);
    expect(ended).toEqual([{ by: "system", cause: "expired", status: 408 }]);
  });

  it("outbound, MUST ask for 1800 s, ask again after a 422 with its Min-SE, and refresh with a re-INVITE of its SDP when UPDATE is not allowed", () => {
    const h = harness();
    const call = h.ua.call({ uri: "sip:0212345678@192.0.2.1", target: carrier, fromUser: "15880000", toUser: "0212345678", domain: "192.0.2.1", sdp: SDP, ringTimeoutMs: 60_000 });
    const ended: CallEnd[] = [];
    call.onEnded.subscribe((e) => void ended.push(e));
    const first = h.requests.shift()!;
    expect(first.request.headers.get("session-expires")).toBe("1800");
    expect(optionTags(first.request, "supported")).toEqual(["100rel", "timer"]);
    const refused = createResponse(first.request, 422, undefined, "f1");
    refused.headers.append("min-se", "3600");
    first.handlers.onResponse(refused);
    const second = h.requests.shift()!;
    expect(second.request.headers.get("session-expires")).toBe("3600");
    expect(second.request.headers.get("cseq")).toBe("2 INVITE");
    const ok = createResponse(second.request, 200, undefined, "f2");
    ok.headers.append("contact", "<sip:far@192.0.2.1:5060>");
    ok.headers.append("session-expires", "3600;refresher=uac");
    ok.body = SDP;
    second.handlers.onResponse(ok);
    expect(call.state).toBe(CallState.Confirmed);
    h.clock.advance(1_800_000);
    const refresh = h.requests.shift()!;
    expect(refresh.request.method).toBe("INVITE");
    expect(refresh.request.body).toBe(SDP);
    expect(refresh.request.headers.get("session-expires")).toBe("3600;refresher=uac");
    refresh.handlers.onTimeout();
    expect(h.requests.map((r) => r.request.method)).toEqual(["BYE"]);
    expect(ended).toEqual([{ by: "system", cause: "expired", status: 408 }]);
  });
});
