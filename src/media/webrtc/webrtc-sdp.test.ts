import { describe, expect, it } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chooseCodec, SdpError } from "../sdp/index.ts";
import { isWebRtcSdp, parseRemoteWebRtc, readWebRtcLocal, writeWebRtcSdp } from "./webrtc-sdp.ts";

const chromiumOffer = readFileSync(join(import.meta.dir, "testdata/chromium-offer.sdp"), "utf8");
const plainOffer = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
const local = {
  iceUfrag: "u1",
  icePwd: "p".repeat(22),
  fingerprint: { type: "sha-256", hash: "AA:BB" },
  candidates: [{ foundation: "a1", component: 1, transport: "udp", priority: 2116026367, ip: "192.0.2.7", port: 30000, type: "host" }],
  address: "192.0.2.7",
  port: 30000,
};

describe("WebRTC SDP (JSEP, RFC 5763/5764, RFC 8839)", () => {
  it("M1: MUST tell a browser's DTLS-SRTP offer from a desk phone's plain RTP/AVP one", () => {
    expect(isWebRtcSdp(chromiumOffer)).toBe(true);
    expect(isWebRtcSdp(plainOffer)).toBe(false);
    expect(isWebRtcSdp(plainOffer.replace("RTP/AVP", "RTP/SAVPF") + "a=fingerprint:sha-256 AA\r\n")).toBe(true);
    expect(isWebRtcSdp("v=0\r\n")).toBe(false);
  });

  it("M1: MUST pick G.711 and the 8 kHz telephone-event from Chromium's offer (Opus first, no transcoding)", () => {
    const { remote, mid } = parseRemoteWebRtc(chromiumOffer);
    expect(mid).toBe("0");
    expect(remote.holdAddress).toBe(false);
    expect(chooseCodec(remote)).toEqual({ codec: "PCMU", pt: 0, telephoneEventPt: 126 });
  });

  it("RFC 3264 §8.4: a browser's c=0.0.0.0 placeholder is not hold; only the direction is", () => {
    const placeholder = chromiumOffer.replace("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0");
    expect(parseRemoteWebRtc(placeholder).remote.holdAddress).toBe(false);
    expect(parseRemoteWebRtc(chromiumOffer.replace("a=sendrecv", "a=sendonly")).remote.direction).toBe("sendonly");
  });

  it("MUST refuse a plain offer where a WebRTC one is needed (488)", () => {
    expect(() => parseRemoteWebRtc(plainOffer)).toThrow(SdpError);
  });

  it("MUST write a bundled, rtcp-mux offer with its candidate as default address, fingerprint, role and our SSRC", () => {
    const sdp = writeWebRtcSdp(local, { codecs: [{ pt: 0, name: "PCMU" }, { pt: 8, name: "PCMA" }], telephoneEventPt: 101, direction: "sendonly", setup: "actpass", mid: "0", ssrc: 1234, cname: "cc" }, { sessionId: "7", version: 3 });
    const lines = sdp.split("\r\n");
    expect(lines).toContain("m=audio 30000 UDP/TLS/RTP/SAVPF 0 8 101");
    expect(lines).toContain("c=IN IP4 192.0.2.7");
    expect(lines).toContain("a=group:BUNDLE 0");
    expect(lines).toContain("a=rtcp-mux");
    expect(lines).toContain("a=setup:actpass");
    expect(lines).toContain("a=fingerprint:sha-256 AA:BB");
    expect(lines).toContain("a=ice-ufrag:u1");
    expect(lines).toContain("a=candidate:a1 1 udp 2116026367 192.0.2.7 30000 typ host");
    expect(lines).toContain("a=end-of-candidates");
    expect(lines).toContain("a=ssrc:1234 cname:cc");
    expect(lines).toContain("a=sendonly");
    expect(lines).toContain("a=fmtp:101 0-16");
    // What we write reads back as what we meant.
    expect(readWebRtcLocal(sdp)).toEqual({ ...local, candidates: [expect.objectContaining(local.candidates[0]!)] });
    expect(parseRemoteWebRtc(sdp).remote.direction).toBe("sendonly");
  });

  it("MUST refuse a local description without a candidate (no UDP port could be bound)", () => {
    const sdp = writeWebRtcSdp(local, { codecs: [{ pt: 0, name: "PCMU" }], direction: "sendrecv", setup: "actpass", mid: "0", ssrc: 1, cname: "c" }, { sessionId: "1", version: 1 });
    expect(() => readWebRtcLocal(sdp.replace(/^a=candidate:.*\r\n/m, ""))).toThrow(/no WebRTC candidate/);
  });
});
