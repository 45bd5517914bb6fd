import type { Logger } from "../lib/index.ts";
import {
  DtmfReceiver,
  PromptPlayer,
  RtpEndpoint,
  SdpSession,
  chooseCodec,
  parseRemoteSdp,
  type ChosenCodec,
  type MediaDirection,
  type PcmSource,
  type PortAllocator,
  type RtpView,
} from "../media/index.ts";
import { Event, type Clock } from "../lib/index.ts";

/** The media side of one call leg: its RTP endpoint, SDP state, prompt player and DTMF receiver. */
export class LegMedia {
  readonly onDtmf = new Event<[string]>();
  /** Audio packets from the peer (the bridge subscribes). */
  readonly onAudio = new Event<[RtpView]>();
  readonly player: PromptPlayer;
  codec?: ChosenCodec;
  private dtmf?: DtmfReceiver;
  private session?: SdpSession;

  private constructor(
    readonly rtp: RtpEndpoint,
    private localAddress: string,
    clock: Clock,
  ) {
    this.player = new PromptPlayer(rtp, clock);
    rtp.onPacket.subscribe((packet) => this.receive(packet));
  }

  static async open(options: { allocator: PortAllocator; localAddress: string; bindAddress?: string; clock: Clock; log: Logger }): Promise<LegMedia> {
    const rtp = await RtpEndpoint.open({ allocator: options.allocator, bindAddress: options.bindAddress, logger: options.log });
    return new LegMedia(rtp, options.localAddress, options.clock);
  }

  /** The address written in our SDP (the one the peer can reach, T10); set before the first offer or answer. */
  setLocalAddress(address: string): void {
    if (!this.session) this.localAddress = address;
  }

  private get sdp(): SdpSession {
    this.session ??= new SdpSession({ address: this.localAddress, port: this.rtp.port });
    return this.session;
  }

  /** Our answer to the peer's offer; throws SdpError (→ 488) when no codec matches. */
  answer(offer: string, direction: MediaDirection = "sendrecv"): string {
    const { sdp, remote, chosen } = this.sdp.answer(offer, direction);
    this.use(chosen, remote.address, remote.port);
    return sdp;
  }

  /** Our offer (initial INVITE or hold/resume re-INVITE). */
  offer(direction: MediaDirection = "sendrecv"): string {
    return this.sdp.offer(direction);
  }

  /** The peer's answer to our offer. */
  accept(answer: string): void {
    const remote = parseRemoteSdp(answer);
    const chosen = chooseCodec(remote);
    if (!chosen) throw new Error("no common codec in the answer");
    this.use(chosen, remote.address, remote.port);
  }

  play(source: PcmSource) {
    return this.player.play(source);
  }

  close(): void {
    this.player.close();
    this.rtp.close();
  }

  private use(chosen: ChosenCodec, address: string, port: number): void {
    this.codec = chosen;
    this.player.format = { codec: chosen.codec, pt: chosen.pt };
    this.rtp.setRemote({ address, port });
    this.dtmf = chosen.telephoneEventPt !== undefined ? new DtmfReceiver(chosen.telephoneEventPt) : undefined;
  }

  private receive(packet: RtpView): void {
    if (this.dtmf && packet.payloadType === this.dtmf.payloadType) {
      for (const digit of this.dtmf.process(packet)) this.onDtmf.execute(digit);
      return;
    }
    this.onAudio.execute(packet);
  }
}
