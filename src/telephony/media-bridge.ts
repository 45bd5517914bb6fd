import type { Clock, Logger } from "../lib/index.ts";
import { CallRecorder, MediaBridge as RtpBridge, type BridgeSide } from "../media/index.ts";
import type { Bridge } from "./call-leg.ts";
import type { SipCallLeg } from "./sip-call-leg.ts";

export interface LegBridgeOptions {
  recordTo?: string;
  log: Logger;
  clock: Clock;
}

/**
 * Two answered legs joined through the appliance (M4): prompts stop, RTP is relayed both
 * ways with each side's own stream identity, and both parties are recorded when asked (M5).
 * The bridge undoes itself when either leg ends.
 */
export class MediaBridge implements Bridge {
  recordingPath?: string;
  private readonly relay: RtpBridge;
  private readonly recorder?: CallRecorder;
  private readonly unsubscribe: Array<() => void>;
  private stopped = false;

  constructor(a: SipCallLeg, b: SipCallLeg, options: LegBridgeOptions) {
    a.media.player.stop();
    b.media.player.stop();
    this.relay = new RtpBridge(side(a), side(b));
    this.recordingPath = options.recordTo;
    if (options.recordTo) {
      try {
        // Left channel: what the caller (a) sent; right: what the agent (b) sent.
        this.recorder = new CallRecorder(options.recordTo, a.media.rtp, b.media.rtp, options.clock);
      } catch (error) {
        options.log.error({ err: String(error), path: options.recordTo }, "could not start the recording");
        this.recordingPath = undefined;
      }
    }
    this.unsubscribe = [a.onEnded.subscribe(() => this.stop()), b.onEnded.subscribe(() => this.stop())];
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.relay.stop();
    this.recorder?.close();
    for (const u of this.unsubscribe) u();
  }
}

function side(leg: SipCallLeg): BridgeSide {
  const media = leg.media;
  return { port: media.rtp, format: media.player.format, telephoneEventPt: media.codec?.telephoneEventPt };
}
