import type { Subscribable } from "../../lib/index.ts";
import type { RtpView } from "./rtp-packet.ts";

/** Where plain RTP goes. */
export interface RtpAddress {
  address: string;
  port: number;
}

/** Counters of one endpoint. */
export interface EndpointStats {
  sent: number;
  sentOctets: number;
  received: number;
  /** Sends that failed (the packet did not leave). */
  sendErrors: number;
  /** Datagrams received that were not RTP. */
  dropped: number;
  /** `performance.now()` of the last packet received (0 before any). */
  lastReceivedAt: number;
}

/**
 * One leg's media path as the rest of media/ sees it (SPEC M1): a plain RTP socket (`RtpEndpoint`) or a
 * WebRTC connection (`WebRtcEndpoint`: ICE + DTLS-SRTP). The prompt player, DTMF, the bridge and the
 * recorder use only this, so prompts, keys, bridging and the stereo recording work the same over both.
 * The endpoint owns its SSRC, sequence numbers and timestamps (RFC 3550 §5.1); sends never throw.
 */
export interface MediaEndpoint {
  readonly kind: "rtp" | "webrtc";
  /** Every RTP packet received; the view is valid only during the callback. */
  readonly onPacket: Subscribable<RtpView>;
  readonly ssrc: number;
  readonly stats: EndpointStats;
  /** `stats.lastReceivedAt` without a copy of the counters (read for every leg ten times a second). */
  readonly lastReceivedAt: number;
  /** The local UDP port (0 while a WebRTC endpoint has not gathered yet). */
  readonly port: number;
  /** Next sequence number and timestamp to be used. */
  readonly sequenceNumber: number;
  readonly timestamp: number;
  /** False while the negotiated direction forbids sending (held by the peer): sends are dropped. */
  sendEnabled: boolean;
  /** True once packets can reach the peer: at once for plain RTP, after DTLS for WebRTC. */
  readonly ready: boolean;
  /** Resolves when `ready` (never rejects; a path that never comes up never resolves). */
  whenReady(): Promise<void>;
  /** Send one packet (see `RtpEndpoint.send`). False when it did not leave. */
  send(payload: Uint8Array, payloadType: number, marker?: boolean, timestampStep?: number): boolean;
  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker?: boolean, timestampStep?: number): boolean;
  /** Move the timestamp without sending (after an RFC 4733 event). */
  advanceTimestamp(samples: number): void;
  /** Where plain RTP goes, from the peer's SDP; WebRTC ignores it (ICE finds the path). */
  setRemote(remote: RtpAddress | undefined): void;
  close(): void;
  readonly isClosed: boolean;
}
