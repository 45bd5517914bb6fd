import { PAYLOAD_TYPE } from "../codec/index.ts";
import type { G711Codec } from "../codec/index.ts";
import { answerDirection, chooseCodec, SdpError } from "../sdp/index.ts";
import type { MediaDirection, Negotiated, SdpNegotiator } from "../sdp/index.ts";
import type { WebRtcEndpoint } from "./webrtc-endpoint.ts";
import { parseRemoteWebRtc, readWebRtcLocal, writeWebRtcSdp } from "./webrtc-sdp.ts";
import type { DtlsSetup, WebRtcLocal, WebRtcStream } from "./webrtc-sdp.ts";

/**
 * The offer/answer state of a WebRTC leg (RFC 3264 over JSEP). werift does the first exchange, asynchronously:
 * `prepareOffer()` gathers our candidate before the INVITE, `prepareAnswer()` applies the browser's offer before
 * the 200 OK. Every later offer or answer — hold and resume re-INVITEs either way — is written here at once from
 * the same ICE credentials, candidate and fingerprint, changing only direction, codec and version: the transport
 * stays as it is, so werift need not see them.
 */
export class WebRtcSdpSession implements SdpNegotiator {
  private local?: WebRtcLocal;
  private mid = "0";
  /** werift has both descriptions (the first exchange is complete or under way). */
  private negotiated = false;
  private version: number;
  private lastBody?: string;
  readonly sessionId = String(Math.floor(Math.random() * 2 ** 31));

  constructor(
    private readonly endpoint: WebRtcEndpoint,
    private readonly codecs: readonly G711Codec[] = ["PCMU", "PCMA"],
    private readonly telephoneEventPt = 101,
  ) {
    this.version = Number(this.sessionId) % 1_000_000;
  }

  async prepareOffer(): Promise<void> {
    if (this.local) return;
    this.local = readWebRtcLocal(await this.endpoint.createOffer());
  }

  async prepareAnswer(offerText: string): Promise<void> {
    if (this.local) return;
    const { remote, mid } = parseRemoteWebRtc(offerText);
    if (!chooseCodec(remote, this.codecs)) throw new SdpError("no common codec (the appliance speaks G.711 to browsers)");
    this.mid = mid;
    this.negotiated = true;
    this.local = readWebRtcLocal(await this.endpoint.acceptOffer(offerText));
  }

  offer(direction: MediaDirection = "sendrecv"): string {
    return this.emit({
      codecs: this.codecs.map((c) => ({ pt: PAYLOAD_TYPE[c], name: c })),
      telephoneEventPt: this.telephoneEventPt,
      direction,
      setup: "actpass",
      mid: this.mid,
    });
  }

  answer(offerText: string, wanted: MediaDirection = "sendrecv"): Negotiated & { sdp: string } {
    const { remote, mid } = parseRemoteWebRtc(offerText);
    const chosen = chooseCodec(remote, this.codecs);
    if (!chosen) throw new SdpError("no common codec");
    this.mid = mid;
    // Our DTLS role stays what the first exchange made it (RFC 8842 §5.3): server unless werift became the client.
    const setup: DtlsSetup = this.endpoint.dtlsRole === "client" ? "active" : "passive";
    const sdp = this.emit({
      codecs: [{ pt: chosen.pt, name: chosen.codec }],
      telephoneEventPt: chosen.telephoneEventPt,
      direction: answerDirection(remote.direction, wanted),
      setup,
      mid,
    });
    return { sdp, remote, chosen };
  }

  readAnswer(answerText: string): Negotiated {
    const { remote } = parseRemoteWebRtc(answerText);
    const chosen = chooseCodec(remote, this.codecs);
    if (!chosen) throw new SdpError("answer without a codec we offered");
    if (!this.negotiated) {
      this.negotiated = true;
      void this.endpoint.acceptAnswer(answerText);
    }
    return { remote, chosen };
  }

  private emit(stream: Omit<WebRtcStream, "ssrc" | "cname">): string {
    const local = this.local;
    if (!local) throw new SdpError("WebRTC leg not prepared: its first offer or answer needs prepareOffer()/prepareAnswer()");
    const full = { ...stream, ssrc: this.endpoint.ssrc, cname: this.endpoint.cname };
    const probe = writeWebRtcSdp(local, full, { sessionId: this.sessionId, version: this.version });
    // RFC 3264 §8: the version grows by one each time the description changes.
    if (this.lastBody !== undefined && probe !== this.lastBody) this.version++;
    this.lastBody = writeWebRtcSdp(local, full, { sessionId: this.sessionId, version: this.version });
    return this.lastBody;
  }
}
