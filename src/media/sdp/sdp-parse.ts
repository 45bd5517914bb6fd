import { parse } from "sdp-transform";
import type { AudioCodec } from "../codec/index.ts";
import type { ChosenCodec, MediaDirection, RemoteAudio, SdpCodec } from "./sdp-types.ts";

/** An SDP body we cannot use; the SIP layer answers 488 Not Acceptable Here (RFC 3261 §21.4.26). */
export class SdpError extends Error {
  readonly status = 488;
  constructor(reason: string) {
    super(reason);
    this.name = "SdpError";
  }
}

const STATIC: Record<number, SdpCodec> = {
  0: { pt: 0, name: "PCMU", rate: 8000 },
  8: { pt: 8, name: "PCMA", rate: 8000 },
  9: { pt: 9, name: "G722", rate: 8000 },
  18: { pt: 18, name: "G729", rate: 8000 },
};

/**
 * Parse a remote SDP (offer or answer) and return its first audio stream (RFC 4566, RFC 3264).
 * Static payload types without rtpmap are known from RFC 3551 Table 4. Throws `SdpError` without audio.
 */
export function parseRemoteSdp(text: string): RemoteAudio {
  let session;
  try {
    session = parse(text);
  } catch {
    throw new SdpError("unparsable SDP");
  }
  const media = session.media?.find((m) => m.type === "audio");
  if (!media) throw new SdpError("no audio stream");
  // sdp-transform turns a numeric-looking address ("c=IN IP4 2.1") into a number: keep it text.
  const address = String(media.connection?.ip ?? session.connection?.ip ?? "");
  if (!address) throw new SdpError("no connection address");
  // sdp-transform reads a missing or oversized port as NaN or 99999: refuse it before RTP uses it.
  if (!(Number.isInteger(media.port) && media.port >= 0 && media.port <= 65535)) throw new SdpError("bad media port");
  const payloads = String(media.payloads ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n));
  const codecs: SdpCodec[] = [];
  for (const pt of payloads) {
    const map = media.rtp?.find((r) => r.payload === pt);
    // String(): sdp-transform reads a numeric encoding name ("a=rtpmap:101 0 …") as a number.
    if (map) codecs.push({ pt, name: String(map.codec).toUpperCase(), rate: Number(map.rate ?? 8000) });
    else if (STATIC[pt]) codecs.push(STATIC[pt]!);
  }
  const te = codecs.find((c) => c.name === "TELEPHONE-EVENT" && c.rate === 8000);
  const direction = (media.direction ?? session.direction ?? "sendrecv") as MediaDirection;
  const ptime = media.ptime ?? (session as { ptime?: number }).ptime;
  return {
    address,
    port: media.port,
    payloads,
    codecs,
    telephoneEventPt: te?.pt,
    direction,
    // A ptime that is not a positive number ("a=ptime:abc") is ignored rather than echoed as NaN.
    ptime: Number(ptime) > 0 && Number.isFinite(Number(ptime)) ? Number(ptime) : undefined,
    holdAddress: address === "0.0.0.0",
    origin: { sessionId: String(session.origin?.sessionId ?? "0"), version: Number(session.origin?.sessionVersion ?? 0) },
  };
}

/**
 * Choose the codec for the stream: the first of the offer's payloads (its preference order,
 * RFC 3264 §6.1) that we support. Undefined when nothing matches (→ 488).
 */
export function chooseCodec(remote: RemoteAudio, supported: readonly AudioCodec[] = ["PCMU", "PCMA"]): ChosenCodec | undefined {
  for (const c of remote.codecs) {
    // G.722 is named with an RTP clock of 8000 although it samples at 16 kHz (RFC 3551 §4.5.2).
    if ((c.name === "PCMU" || c.name === "PCMA" || c.name === "G722") && c.rate === 8000 && supported.includes(c.name)) {
      return { codec: c.name, pt: c.pt, telephoneEventPt: remote.telephoneEventPt };
    }
  }
  return undefined;
}

/** The direction to answer with (RFC 3264 §6.1), given the offer's and the one we want (sendonly when holding). */
export function answerDirection(offered: MediaDirection, wanted: MediaDirection = "sendrecv"): MediaDirection {
  const weSend = wanted === "sendrecv" || wanted === "sendonly";
  const weRecv = wanted === "sendrecv" || wanted === "recvonly";
  const send = weSend && (offered === "sendrecv" || offered === "recvonly");
  const recv = weRecv && (offered === "sendrecv" || offered === "sendonly");
  return send && recv ? "sendrecv" : send ? "sendonly" : recv ? "recvonly" : "inactive";
}

/** True when the remote sends media to us (its direction is sendrecv or sendonly, and not the c=0.0.0.0 hold). */
export function remoteSends(remote: RemoteAudio): boolean {
  return !remote.holdAddress && remote.port !== 0 && (remote.direction === "sendrecv" || remote.direction === "sendonly");
}

/** True when the remote wants media from us. */
export function remoteReceives(remote: RemoteAudio): boolean {
  return !remote.holdAddress && remote.port !== 0 && (remote.direction === "sendrecv" || remote.direction === "recvonly");
}
