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
    expect(first.payloads).toEqual([0, 8, 9, 101]); // G.722 offered after G.711 (M1)
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

  it("M1: MUST answer G.722 (payload 9, rtpmap G722/8000 — RFC 3551's 8 kHz clock) when the offer prefers it, and G.711 otherwise", () => {
    const offer = (pts: string, maps: string) =>
      `v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\nm=audio 5000 RTP/AVP ${pts}\r\n${maps}`;
    const s = new SdpSession({ address: "10.0.0.1", port: 4000 }, "778");
    const g722 = s.answer(offer("9 0 101", "a=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n"));
    expect(g722.chosen).toMatchObject({ codec: "G722", pt: 9 });
    expect(g722.sdp).toContain("m=audio 4000 RTP/AVP 9 101");
    expect(g722.sdp).toContain("a=rtpmap:9 G722/8000");
    // A static payload type 9 without rtpmap is G.722 too (RFC 3551 Table 4).
    expect(new SdpSession({ address: "10.0.0.1", port: 4000 }).answer(offer("9", "")).chosen.codec).toBe("G722");
    expect(new SdpSession({ address: "10.0.0.1", port: 4000 }).answer(offer("0 9", "")).chosen.codec).toBe("PCMU");
    // A leg told to speak G.711 only still refuses a G.722-only offer (488).
    expect(() => new SdpSession({ address: "10.0.0.1", port: 4000, codecs: ["PCMU", "PCMA"] }).answer(offer("9", ""))).toThrow(SdpError);
  });
});
