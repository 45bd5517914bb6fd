import type { AudioCodec } from "../codec/index.ts";

/** SDP media direction attribute (RFC 4566 §6, RFC 3264 §5.1). */
export type MediaDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** One rtpmap entry of the audio m-line. */
export interface SdpCodec {
  pt: number;
  /** Encoding name upper-cased: "PCMU", "PCMA", "TELEPHONE-EVENT", … */
  name: string;
  rate: number;
}

/** What we need from a remote offer or answer: its first audio stream. */
export interface RemoteAudio {
  /** Connection address (media-level c= wins over session-level, RFC 4566 §5.7). */
  address: string;
  /** RTP port; 0 means the stream was rejected or disabled (RFC 3264 §6). */
  port: number;
  /** Payload types in the order of the m-line (the offerer's preference, RFC 3264 §5.1). */
  payloads: number[];
  codecs: SdpCodec[];
  /** Dynamic payload type of `telephone-event/8000` (RFC 4733 §7), if offered. */
  telephoneEventPt?: number;
  direction: MediaDirection;
  /** a=ptime in ms when given (RFC 4566 §6). */
  ptime?: number;
  /** True for the RFC 2543 hold form `c=0.0.0.0`. */
  holdAddress: boolean;
  /** Session id and version of the o= line (RFC 4566 §5.2). */
  origin: { sessionId: string; version: number };
}

/** Our side of the audio stream, as written into an offer or answer. */
export interface LocalAudio {
  address: string;
  port: number;
  /** Codecs in our order of preference. */
  codecs: readonly AudioCodec[];
  /** Payload type for telephone-event (RFC 4733); omitted to not offer it. */
  telephoneEventPt?: number;
  direction: MediaDirection;
  ptime?: number;
}

/** The codec both sides agreed on. */
export interface ChosenCodec {
  codec: AudioCodec;
  pt: number;
  /** The telephone-event payload type to use toward the peer, when both support it. */
  telephoneEventPt?: number;
}

/** What an offer or answer we read gave: the peer's stream and the codec both sides use. */
export interface Negotiated {
  remote: RemoteAudio;
  chosen: ChosenCodec;
}

/**
 * One leg's offer/answer state (RFC 3264), plain RTP (`SdpSession`) or WebRTC (`WebRtcSdpSession`). Offers and
 * answers are synchronous text; a WebRTC leg does its asynchronous work (ICE gathering, DTLS set-up) once, in
 * `prepareOffer()` / `prepareAnswer()` before its first offer or answer. Throws `SdpError` (488) when nothing matches.
 */
export interface SdpNegotiator {
  /** Our offer (initial or re-INVITE); `sendonly` puts the peer on hold (RFC 3264 §8.4). */
  offer(direction?: MediaDirection): string;
  /** Answer a remote offer with one codec and the direction of RFC 3264 §6.1. */
  answer(offerText: string, wanted?: MediaDirection): Negotiated & { sdp: string };
  /** Read the answer to our last offer. */
  readAnswer(answerText: string): Negotiated;
  /** Asynchronous work before the first offer (WebRTC: gather candidates); absent when there is none. */
  prepareOffer?(): Promise<void>;
  /** Asynchronous work before answering the first offer (WebRTC: ICE and DTLS parameters). */
  prepareAnswer?(offerText: string): Promise<void>;
}
