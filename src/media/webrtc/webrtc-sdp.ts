import { parse, write } from "sdp-transform";
import type { MediaAttributes, SessionDescription } from "sdp-transform";
import type { MediaDirection } from "../sdp/index.ts";
import { parseRemoteSdp, SdpError } from "../sdp/index.ts";
import type { RemoteAudio } from "../sdp/index.ts";

/** The DTLS role an SDP side takes (RFC 4145 §4, RFC 5763 §5): the offerer says actpass, the answerer picks. */
export type DtlsSetup = "actpass" | "active" | "passive";

/** Our side of a WebRTC audio stream as werift gathered it: what every later offer or answer repeats. */
export interface WebRtcLocal {
  iceUfrag: string;
  icePwd: string;
  fingerprint: { type: string; hash: string };
  candidates: NonNullable<MediaAttributes["candidates"]>;
  /** The first candidate: written as the default in c= and m= (RFC 8839 §4.2.1.1). */
  address: string;
  port: number;
}

/** One offer or answer to write. */
export interface WebRtcStream {
  /** Audio codecs in our order of preference. */
  codecs: readonly { pt: number; name: string }[];
  telephoneEventPt?: number;
  direction: MediaDirection;
  setup: DtlsSetup;
  mid: string;
  ssrc: number;
  cname: string;
}

/** True when the audio stream is DTLS-SRTP (RFC 5764 `UDP/TLS/RTP/SAVP[F]`, JSEP): a browser's SDP. */
export function isWebRtcSdp(text: string): boolean {
  const proto = /^m=audio[ \t]+\d+(?:\/\d+)?[ \t]+(\S+)/m.exec(text)?.[1]?.toUpperCase();
  return proto !== undefined && proto.includes("SAVP") && (proto.includes("TLS") || /^a=fingerprint:/m.test(text));
}

const audioOf = (session: SessionDescription) => session.media?.find((m) => m.type === "audio");

/** Read werift's own description: ICE credentials, fingerprint and the gathered host candidates. */
export function readWebRtcLocal(sdp: string): WebRtcLocal {
  const session = parse(sdp);
  const audio = audioOf(session);
  const candidates = (audio?.candidates ?? []).filter((c) => c.transport.toLowerCase() === "udp" && c.component === 1);
  const iceUfrag = audio?.iceUfrag ?? session.iceUfrag;
  const icePwd = audio?.icePwd ?? session.icePwd;
  const fingerprint = audio?.fingerprint ?? session.fingerprint;
  if (!iceUfrag || !icePwd || !fingerprint) throw new SdpError("WebRTC description without ICE credentials or fingerprint");
  if (!candidates.length) throw new SdpError("no WebRTC candidate could be gathered (is a UDP port free?)");
  return { iceUfrag, icePwd, fingerprint, candidates, address: candidates[0]!.ip, port: candidates[0]!.port };
}

/**
 * Write one WebRTC audio offer or answer (JSEP, RFC 8829): bundled, rtcp-mux, full ICE host candidates given all
 * at once (no trickle over SIP), DTLS fingerprint and role, G.711 and RFC 4733 telephone-event.
 */
export function writeWebRtcSdp(local: WebRtcLocal, stream: WebRtcStream, origin: { sessionId: string; version: number }): string {
  const ipVer = local.address.includes(":") ? 6 : 4;
  const pts = stream.codecs.map((c) => c.pt);
  const rtp = stream.codecs.map((c) => ({ payload: c.pt, codec: c.name, rate: 8000 }));
  const fmtp: { payload: number; config: string }[] = [];
  if (stream.telephoneEventPt !== undefined) {
    pts.push(stream.telephoneEventPt);
    rtp.push({ payload: stream.telephoneEventPt, codec: "telephone-event", rate: 8000 });
    fmtp.push({ payload: stream.telephoneEventPt, config: "0-16" });
  }
  const desc: SessionDescription = {
    version: 0,
    origin: { username: "-", sessionId: origin.sessionId, sessionVersion: origin.version, netType: "IN", ipVer, address: local.address },
    name: "-",
    timing: { start: 0, stop: 0 },
    groups: [{ type: "BUNDLE", mids: stream.mid }],
    msidSemantic: { semantic: "WMS", token: "*" },
    media: [
      {
        type: "audio",
        port: local.port,
        protocol: "UDP/TLS/RTP/SAVPF",
        payloads: pts.join(" "),
        connection: { version: ipVer, ip: local.address },
        rtp,
        fmtp,
        rtcp: { port: local.port, netType: "IN", ipVer, address: local.address },
        iceUfrag: local.iceUfrag,
        icePwd: local.icePwd,
        fingerprint: local.fingerprint,
        setup: stream.setup,
        mid: stream.mid,
        direction: stream.direction,
        rtcpMux: "rtcp-mux",
        ptime: 20,
        candidates: local.candidates,
        endOfCandidates: "end-of-candidates",
        ssrcs: [{ id: stream.ssrc, attribute: "cname", value: stream.cname }],
      },
    ],
  };
  return write(desc);
}

/**
 * The peer's WebRTC audio stream with what our offer/answer logic needs. A browser's c= is often 0.0.0.0 or the
 * port 9 placeholder (ICE finds the path), so neither means hold here: only the direction does (RFC 3264 §8.4).
 */
export function parseRemoteWebRtc(text: string): { remote: RemoteAudio; mid: string } {
  if (!isWebRtcSdp(text)) throw new SdpError("not a WebRTC (DTLS-SRTP) description");
  const remote = parseRemoteSdp(text);
  const mid = audioOf(parse(text))?.mid;
  return { remote: { ...remote, holdAddress: false }, mid: mid === undefined ? "0" : String(mid) };
}
