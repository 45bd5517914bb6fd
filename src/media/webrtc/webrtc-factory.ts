import { RTCDtlsTransport } from "werift";
import type { RTCCertificate } from "werift";
import { silentLogger } from "../../lib/index.ts";
import type { Logger } from "../../lib/index.ts";
import type { G711Codec } from "../codec/index.ts";
import type { PortAllocator } from "../rtp/index.ts";
import { WebRtcEndpoint } from "./webrtc-endpoint.ts";
import { WebRtcSdpSession } from "./webrtc-session.ts";

export interface WebRtcFactoryOptions {
  /** The local address ICE sockets bind (default all). */
  bindAddress?: string;
  /** Ports come from the RTP range (M1). */
  allocator?: PortAllocator;
  logger?: Logger;
}

/**
 * What every WebRTC leg shares: the DTLS certificate, made once at start-up (werift would make it on the first
 * call, ≈ 200 ms of CPU in the middle of answering), the bind address and the port range.
 */
export class WebRtcFactory {
  private constructor(
    readonly certificate: RTCCertificate,
    private readonly options: WebRtcFactoryOptions,
  ) {}

  /** Make the certificate (ECDSA P-256, self-signed: its fingerprint in the SDP is what authenticates it, RFC 5763). */
  static async start(options: WebRtcFactoryOptions = {}): Promise<WebRtcFactory> {
    return new WebRtcFactory(await RTCDtlsTransport.SetupCertificate(), options);
  }

  /** A new endpoint whose host candidate is `advertisedAddress`. Throws when the port range is exhausted. */
  endpoint(advertisedAddress: string, media: { codecs: readonly G711Codec[]; telephoneEventPt: number; logger?: Logger }): WebRtcEndpoint {
    return new WebRtcEndpoint({
      advertisedAddress,
      bindAddress: this.options.bindAddress,
      allocator: this.options.allocator,
      certificate: this.certificate,
      codecs: media.codecs,
      telephoneEventPt: media.telephoneEventPt,
      logger: media.logger ?? this.options.logger ?? silentLogger,
    });
  }

  /** The SDP offer/answer state of `endpoint` (so that `CallMedia` needs no value import of werift's side). */
  session(endpoint: WebRtcEndpoint, codecs: readonly G711Codec[], telephoneEventPt: number): WebRtcSdpSession {
    return new WebRtcSdpSession(endpoint, codecs, telephoneEventPt);
  }
}
