import type { Subscribable } from "../../lib/index.ts";
import { Fanout } from "../../lib/index.ts";
import { createRtpView, parseRtp } from "../rtp/index.ts";
import type { EndpointStats, MediaEndpoint, RtpAddress, RtpView } from "../rtp/index.ts";

/** What a proxy endpoint needs of its worker leg. */
export interface TapLink {
  tap(on: boolean): void;
  send(payload: Uint8Array, pt: number, marker: boolean, step: number): void;
  advance(samples: number): void;
  readonly sendEnabled: boolean;
  readonly lastReceivedAt: number;
  readonly closed: boolean;
  close(): void;
}

/**
 * A worker leg's endpoint seen from the main thread: while anything listens, the worker copies each received
 * datagram over (a "tap") and sends what is given here. Only mixed bridges use it — a WebRTC leg (werift runs
 * on the main thread) with a worker's RTP leg, or legs on two workers — at the cost of a message per packet.
 */
export class ProxyEndpoint implements MediaEndpoint {
  readonly kind = "rtp" as const;
  readonly ready = true;
  readonly ssrc = 0;
  readonly port: number;
  readonly sequenceNumber = 0;
  readonly timestamp = 0;
  private readonly fanout = new Fanout<RtpView>();
  private readonly view = createRtpView();
  readonly onPacket: Subscribable<RtpView>;

  constructor(
    port: number,
    private readonly link: TapLink,
  ) {
    this.port = port;
    this.onPacket = {
      subscribe: (listener) => {
        const off = this.fanout.subscribe(listener);
        if (this.fanout.size === 1) link.tap(true);
        return () => {
          off();
          if (this.fanout.size === 0) link.tap(false);
        };
      },
    };
  }

  get stats(): EndpointStats {
    return { sent: 0, sentOctets: 0, received: 0, sendErrors: 0, dropped: 0, lastReceivedAt: this.link.lastReceivedAt };
  }

  get lastReceivedAt(): number {
    return this.link.lastReceivedAt;
  }

  get sendEnabled(): boolean {
    return this.link.sendEnabled;
  }
  set sendEnabled(_on: boolean) {
    // Set by the worker from what was negotiated.
  }

  get isClosed(): boolean {
    return this.link.closed;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  /** A datagram the worker received (the tap). */
  deliver(data: Uint8Array): void {
    if (this.fanout.size > 0 && parseRtp(data, this.view)) this.fanout.execute(this.view);
  }

  send(payload: Uint8Array, payloadType: number, marker = false, timestampStep = 160): boolean {
    return this.sendFrom(payload, 0, payload.length, payloadType, marker, timestampStep);
  }

  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker = false, timestampStep = 160): boolean {
    if (this.link.closed) return false;
    this.link.send(data.slice(offset, offset + length), payloadType, marker, timestampStep);
    return true;
  }

  advanceTimestamp(samples: number): void {
    this.link.advance(samples);
  }

  setRemote(_remote: RtpAddress | undefined): void {
    // The worker's endpoint takes the remote from what was negotiated.
  }

  close(): void {
    this.link.close();
  }
}
