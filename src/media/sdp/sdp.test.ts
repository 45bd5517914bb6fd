import { describe, expect, it } from "bun:test";
import { answerDirection, chooseCodec, parseRemoteSdp, SdpError } from "./sdp-parse.ts";
import { SdpSession } from "./sdp-session.ts";

const OFFER = [
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
  "s=-",
  "c=IN IP4 192.0.2.10",
  "t=0 0",
  "m=audio 49170 RTP/AVP 8 0 101",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=ptime:20",
  "a=sendrecv",
  "",
].join("\r\n");

describe("SDP offer/answer (RFC 3264)", () => {
  it("M1: MUST read address, port, payload types, telephone-event, direction and ptime of an offer", () => {
    const r = parseRemoteSdp(OFFER);
    expect(r).toMatchObject({ address: "192.0.2.10", port: 49170, payloads: [8, 0, 101], telephoneEventPt: 101 });
    expect(r.direction).toBe("sendrecv");
    expect(r.ptime).toBe(20);
    expect(r.codecs.map((c) => c.name)).toEqual(["PCMA", "PCMU", "TELEPHONE-EVENT"]);
    expect(r.origin).toEqual({ sessionId: "2890844526", version: 2890844526 });
  });

  it("M1: MUST prefer the offer's order among PCMU/PCMA and reject an offer without them (488)", () => {
    expect(chooseCodec(parseRemoteSdp(OFFER))).toEqual({ codec: "PCMA", pt: 8, telephoneEventPt: 101 });
    const g729 = OFFER.replace("8 0 101", "18").replace(/a=rtpmap:(8|101).*\r\n/g, "");
    expect(chooseCodec(parseRemoteSdp(g729))).toBeUndefined();
    expect(() => new SdpSession({ address: "10.0.0.1", port: 4000 }).answer(g729)).toThrow(SdpError);
    expect(() => parseRemoteSdp("v=0\r\ns=-\r\n")).toThrow(SdpError);
  });

  it("T8: MUST answer with one codec, the offered telephone-event PT, and the mirrored direction", () => {
    const s = new SdpSession({ address: "10.0.0.1", port: 4000 }, "1234");
    const { sdp, chosen } = s.answer(OFFER);
    expect(chosen.codec).toBe("PCMA");
    const back = parseRemoteSdp(sdp);
    expect(back).toMatchObject({ address: "10.0.0.1", port: 4000, payloads: [8, 101], direction: "sendrecv" });
    const held = s.answer(OFFER.replace("a=sendrecv", "a=sendonly")).sdp;
    expect(parseRemoteSdp(held).direction).toBe("recvonly");
    expect(answerDirection("inactive")).toBe("inactive");
    expect(answerDirection("recvonly")).toBe("sendonly");
    expect(answerDirection("sendrecv", "sendonly")).toBe("sendonly");
  });

  it("C10: MUST put the peer on hold with a=sendonly and increment the o= version only when the SDP changes", () => {
    const s = new SdpSession({ address: "10.0.0.1", port: 4000 }, "777");
    const first = parseRemoteSdp(s.offer());
    expect(first.payloads).toEqual([0, 8, 101]);
    expect(parseRemoteSdp(s.offer()).origin.version).toBe(first.origin.version);
    const hold = parseRemoteSdp(s.offer("sendonly"));
    expect(hold.direction).toBe("sendonly");
    expect(hold.origin).toEqual({ sessionId: "777", version: first.origin.version + 1 });
    expect(parseRemoteSdp(s.offer()).origin.version).toBe(first.origin.version + 2);
  });

  it("M1: MUST treat c=0.0.0.0 as hold and take static payload types without rtpmap", () => {
    const r = parseRemoteSdp(OFFER.replace("c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0").replace("a=rtpmap:8 PCMA/8000\r\n", ""));
    expect(r.holdAddress).toBe(true);
    expect(r.codecs[0]).toEqual({ pt: 8, name: "PCMA", rate: 8000 });
  });
});
