import { Event, type Clock, type Logger } from "../lib/index.ts";
import { isWebRtcSdp, WebRtcFactory, type LegMedia, type MediaWorkerStats, type PortAllocator } from "../media/index.ts";
import { CallState, callerHeaders, proxyRoute, type IncomingCall, type SipServer } from "../sip/index.ts";
import type { Bridge, CallLeg, EndReason, PromptRef, Telephony, TrunkTarget } from "./call-leg.ts";
import { LegBridge } from "./leg-bridge.ts";
import { MediaPool } from "./media-pool.ts";
import { SipCallLeg, type PromptResolver } from "./sip-call-leg.ts";
import { browserMedia, isBrowserFlow } from "./webrtc-legs.ts";

export interface SwitchboardOptions {
  sip: SipServer;
  allocator: PortAllocator;
  /** Address RTP sockets bind to. */
  bindAddress?: string;
  prompts: PromptResolver;
  /** Release a leg after this long without RTP from its peer while not held (issue 15); 0 or absent: never. */
  mediaTimeoutMs?: number;
  /** Media workers (issue 12, `CC_MEDIA_WORKERS`): 0 or absent runs all media on the main thread. */
  mediaWorkers?: number;
  clock: Clock;
  log: Logger;
}

/**
 * The telephony layer's face to the domain (T8): turns SIP calls to service numbers into
 * CallLegs, rings agents' phones, and joins legs through the appliance's media.
 */
export class Switchboard implements Telephony {
  readonly onInboundCall = new Event<[CallLeg, { serviceNumber: string; extension?: string }]>();
  private readonly legs = new Set<SipCallLeg>();
  private readonly pool: MediaPool;
  /** WebRTC legs toward browser softphones (M1); made at start-up with its DTLS certificate. */
  private webrtc?: WebRtcFactory;

  constructor(private readonly options: SwitchboardOptions) {
    this.pool = new MediaPool({ allocator: options.allocator, bindAddress: options.bindAddress, localAddress: "127.0.0.1", clock: options.clock, log: options.log, workers: options.mediaWorkers });
    options.sip.ua.onIncomingCall.subscribe((call) => void this.incoming(call));
  }

  /** Open the spare RTP endpoints and make WebRTC's DTLS certificate (await before taking calls). */
  async start(): Promise<void> {
    const { allocator, bindAddress, log } = this.options;
    const [webrtc] = await Promise.all([WebRtcFactory.start({ allocator, bindAddress, logger: log }), this.pool.warm()]);
    this.webrtc = webrtc;
  }

  dialExtension(extension: string, options: { callerId: string; displayName?: string; ringTimeoutMs: number; codecOf?: CallLeg }): CallLeg {
    const { sip, log } = this.options;
    const binding = sip.registrar.lookup(extension).sort((a, b) => b.updatedAt - a.updatedAt)[0];
    // A browser softphone (registered over WebSocket) gets a WebRTC leg; every other phone plain RTP.
    const browser = binding !== undefined && isBrowserFlow(binding.source);
    const media = browser ? browserMedia(this.webrtc, sip.localAddressFor(binding.source.address), log) : this.pool.take(options.codecOf instanceof SipCallLeg ? options.codecOf.media : undefined);
    if (!binding || !media) {
      media?.close();
      return new FailedLeg(extension, options.callerId, binding ? "failed" : "rejected");
    }
    media.setAdvertisedAddress(sip.localAddressFor(binding.source.address));
    if (options.codecOf instanceof SipCallLeg) media.preferCodec(options.codecOf.media.format.codec);
    const call = sip.ua.call({
      uri: binding.contact,
      target: binding.source,
      fromUser: options.callerId,
      fromDisplay: options.displayName,
      toUser: extension,
      domain: sip.localAddressFor(binding.source.address),
      sdp: browser ? media.prepareOffer().then(() => media.offer()) : media.offer(),
      ringTimeoutMs: options.ringTimeoutMs,
    });
    return this.track(new SipCallLeg(call, media, "outbound", options.callerId, extension, this.options.prompts, log, this.legOptions));
  }

  dialOut(number: string, options: { callerId: string; trunk: TrunkTarget; ringTimeoutMs: number }): CallLeg {
    const { sip, log } = this.options;
    const media = this.pool.take();
    if (!media) return new FailedLeg(number, options.callerId, "failed");
    const { trunk } = options;
    // An outbound proxy takes the INVITE first; the Request-URI still names the carrier (T7).
    const proxy = trunk.outboundProxy ? proxyRoute(trunk.outboundProxy, trunk.transport) : undefined;
    // A host name goes to the address its registration or probe last resolved (RFC 3263).
    const target = sip.carrierAddresses.lookup(proxy ? { transport: trunk.transport, host: proxy.host, port: proxy.port } : trunk);
    media.setAdvertisedAddress(sip.localAddressFor(target.address));
    const caller = callerHeaders({
      callerId: options.callerId, fromUser: trunk.fromAccount ? "account" : "number", account: trunk.fromAccount, withheld: trunk.withhold, assertIdentity: trunk.assertIdentity ?? false, domain: trunk.host,
    });
    const call = sip.ua.call({
      uri: `sip:${number}@${trunk.host}:${trunk.port}`,
      target,
      fromUser: caller.fromUser,
      toUser: number,
      domain: trunk.host,
      sdp: media.offer(),
      ringTimeoutMs: options.ringTimeoutMs,
      credentials: trunk.username && trunk.password ? { username: trunk.username, password: trunk.password } : undefined,
      headers: proxy ? [["route", proxy.route], ...caller.headers] : caller.headers,
    });
    return this.track(new SipCallLeg(call, media, "outbound", options.callerId, number, this.options.prompts, log, this.legOptions));
  }

  bridge(a: CallLeg, b: CallLeg, options: { recordTo?: string; lossAnnouncement?: PromptRef } = {}): Bridge {
    if (!(a instanceof SipCallLeg) || !(b instanceof SipCallLeg)) throw new TypeError("bridge needs two SIP call legs");
    return new LegBridge(a, b, { recordTo: options.recordTo, lossAnnouncement: options.lossAnnouncement, log: this.options.log });
  }

  /** Each media worker's figures for /metrics (empty when media runs on the main thread). */
  mediaWorkerStats(): MediaWorkerStats[] {
    return this.pool.workerStats();
  }

  /** The media workers (tests kill one with it), when there are any. */
  get mediaWorkers() {
    return this.pool.workers;
  }

  /** Fault injection for tests: crash the media workers carrying calls (none without workers). */
  crashMediaWorkers(): number[] {
    const crashed = this.pool.workers?.crashBusy() ?? [];
    this.options.log.warn({ workers: crashed }, "media workers crashed on request (fault injection)");
    return crashed;
  }

  liveLegs(): number {
    return this.legs.size;
  }

  /** Hang up every leg and close spare media (shutdown). */
  close(): void {
    for (const leg of [...this.legs]) leg.hangup("shutdown");
    this.pool.close();
  }

  private async incoming(call: IncomingCall): Promise<void> {
    const { sip, log } = this.options;
    let media: LegMedia | undefined;
    try {
      // An offer in DTLS-SRTP (a browser calling) is answered with WebRTC, any other with plain RTP.
      media = isWebRtcSdp(call.remoteOffer) ? browserMedia(this.webrtc, sip.localAddressFor(call.source.address), log) : await this.pool.get();
      if (!media) throw new Error("no WebRTC leg could be made");
    } catch (error) {
      log.warn({ err: String(error) }, "no RTP port for an incoming call");
      return call.reject(503);
    }
    if (call.state === CallState.Terminated) return media.close(); // cancelled while a port was opened
    media.setAdvertisedAddress(sip.localAddressFor(call.source.address));
    const leg = this.track(new SipCallLeg(call, media, "inbound", call.from, call.to, this.options.prompts, log, this.legOptions));
    if (leg.state === "ended") return;
    this.onInboundCall.execute(leg, { serviceNumber: call.to, extension: call.extension });
  }

  /** The options every SIP leg gets (its media timeout, issue 15). */
  private get legOptions() {
    return { mediaTimeoutMs: this.options.mediaTimeoutMs, clock: this.options.clock };
  }

  private track(leg: SipCallLeg): SipCallLeg {
    this.legs.add(leg);
    leg.onEnded.subscribe(() => this.legs.delete(leg));
    return leg;
  }
}

/** A leg that could not even start (no registered phone, no RTP port): ends on the next turn. */
class FailedLeg implements CallLeg {
  readonly id = `failed-${Math.random().toString(36).slice(2)}`;
  readonly callId = "";
  readonly direction = "outbound" as const;
  readonly onAnswered = new Event<[]>();
  readonly onEnded = new Event<[EndReason]>();
  readonly onDtmf = new Event<[string]>();
  state: CallLeg["state"] = "new";

  constructor(
    readonly to: string,
    readonly from: string,
    cause: EndReason["cause"],
  ) {
    queueMicrotask(() => {
      this.state = "ended";
      this.onEnded.execute({ by: "system", cause });
    });
  }

  ring(): void {}
  answer(): Promise<void> {
    return Promise.resolve();
  }
  play() {
    return { done: Promise.resolve("ended" as const), stop() {} };
  }
  hold(): Promise<void> {
    return Promise.resolve();
  }
  resume(): Promise<void> {
    return Promise.resolve();
  }
  hangup(): void {}
}
