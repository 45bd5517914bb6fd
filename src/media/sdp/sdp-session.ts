import { write } from "sdp-transform";
import type { SessionDescription } from "sdp-transform";
import { PAYLOAD_TYPE } from "../codec/index.ts";
import type { AudioCodec } from "../codec/index.ts";
import { answerDirection, chooseCodec, parseRemoteSdp, SdpError } from "./sdp-parse.ts";
import type { ChosenCodec, LocalAudio, MediaDirection, Negotiated, RemoteAudio, SdpNegotiator } from "./sdp-types.ts";

/** Write the SDP of one plain RTP audio stream (RFC 4566; RTP/AVP profile RFC 3551). */
export function buildSdp(local: LocalAudio, origin: { sessionId: string; version: number; username?: string }): string {
  const ipVer = local.address.includes(":") ? 6 : 4;
  const pts = local.codecs.map((c) => PAYLOAD_TYPE[c] as number);
  const rtp: { payload: number; codec: string; rate: number }[] = local.codecs.map((c) => ({ payload: PAYLOAD_TYPE[c], codec: c, rate: 8000 }));
  const fmtp: { payload: number; config: string }[] = [];
  if (local.telephoneEventPt !== undefined) {
    pts.push(local.telephoneEventPt);
    rtp.push({ payload: local.telephoneEventPt, codec: "telephone-event", rate: 8000 });
    fmtp.push({ payload: local.telephoneEventPt, config: "0-16" });
  }
  const desc: SessionDescription = {
    version: 0,
    origin: {
      username: origin.username ?? "-",
      sessionId: origin.sessionId,
      sessionVersion: origin.version,
      netType: "IN",
      ipVer,
      address: local.address,
    },
    name: "-",
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media: [
      {
        type: "audio",
        port: local.port,
        protocol: "RTP/AVP",
        payloads: pts.join(" "),
        rtp,
        fmtp,
        ptime: local.ptime ?? 20,
        direction: local.direction,
      },
    ],
  };
  return write(desc);
}

/**
 * What plain RTP legs offer and accept unless told otherwise (M1): G.711 first (no transcoding toward the usual
 * G.711 party), G.722 last — taken when the peer prefers it, transcoded for prompts, recording and bridging.
 */
export const DEFAULT_CODECS: readonly AudioCodec[] = ["PCMU", "PCMA", "G722"];

/**
 * One side's SDP state across a dialog (RFC 3264): a fixed session id and a version that grows by one
 * each time we send a changed description (RFC 3264 §8: "incremented by one"), e.g. the hold re-INVITE.
 */
export class SdpSession implements SdpNegotiator {
  private version: number;
  private lastBody?: string;
  readonly sessionId: string;

  constructor(
    private readonly local: { address: string; port: number; codecs?: readonly AudioCodec[]; telephoneEventPt?: number },
    sessionId = String(Math.floor(Math.random() * 2 ** 31)),
  ) {
    this.sessionId = sessionId;
    this.version = Number(sessionId) % 1_000_000;
  }

  /** Our offer (initial or re-INVITE); `direction` sendonly puts the peer on hold (RFC 3264 §8.4). */
  offer(direction: MediaDirection = "sendrecv"): string {
    return this.emit({
      address: this.local.address,
      port: this.local.port,
      codecs: this.local.codecs ?? DEFAULT_CODECS,
      telephoneEventPt: this.local.telephoneEventPt ?? 101,
      direction,
    });
  }

  /**
   * Answer a remote offer: one codec (the first of the offer's we support), the offer's telephone-event
   * payload type, and the direction of RFC 3264 §6.1. Throws `SdpError` (488) when no codec matches.
   */
  answer(offerText: string, wanted: MediaDirection = "sendrecv"): { sdp: string; remote: RemoteAudio; chosen: ChosenCodec } {
    const remote = parseRemoteSdp(offerText);
    const chosen = chooseCodec(remote, this.local.codecs ?? DEFAULT_CODECS);
    if (!chosen) throw new SdpError("no common codec");
    const sdp = this.emit({
      address: this.local.address,
      port: remote.port === 0 ? 0 : this.local.port,
      codecs: [chosen.codec],
      telephoneEventPt: chosen.telephoneEventPt,
      direction: answerDirection(remote.direction, wanted),
      ptime: remote.ptime,
    });
    return { sdp, remote, chosen };
  }

  /** Read the answer to our offer: the first of its codecs we offered. Throws `SdpError` when there is none. */
  readAnswer(answerText: string): Negotiated {
    const remote = parseRemoteSdp(answerText);
    const chosen = chooseCodec(remote, this.local.codecs ?? DEFAULT_CODECS);
    if (!chosen) throw new SdpError("answer without a codec we offered");
    return { remote, chosen };
  }

  private emit(local: LocalAudio): string {
    const probe = buildSdp(local, { sessionId: this.sessionId, version: this.version });
    if (this.lastBody !== undefined && probe !== this.lastBody) this.version++;
    this.lastBody = buildSdp(local, { sessionId: this.sessionId, version: this.version });
    return this.lastBody;
  }
}
