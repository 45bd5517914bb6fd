import type { Logger } from "../lib/index.ts";
import { bridgeCalls, type CallBridge } from "../media/index.ts";
import type { Bridge } from "./call-leg.ts";
import type { SipCallLeg } from "./sip-call-leg.ts";

/**
 * Two answered legs joined through the appliance (M4), both parties recorded when asked (M5):
 * left channel = leg a (the caller), right = leg b (the agent). Undoes itself when either leg ends.
 */
export class LegBridge implements Bridge {
  readonly recordingPath?: string;
  private readonly media: CallBridge;
  private readonly unsubscribe: Array<() => void>;
  private stopped = false;
  private readonly legs: SipCallLeg[];

  constructor(a: SipCallLeg, b: SipCallLeg, options: { recordTo?: string; log: Logger }) {
    a.setBridged(true);
    b.setBridged(true);
    let media: CallBridge;
    try {
      media = bridgeCalls(a.media, b.media, { recordTo: options.recordTo });
    } catch (error) {
      // A recording that cannot be opened must not cost the call: bridge without it.
      options.log.error({ err: String(error), path: options.recordTo }, "could not start the recording");
      media = bridgeCalls(a.media, b.media);
    }
    this.media = media;
    this.recordingPath = media.recordingPath;
    this.legs = [a, b];
    this.unsubscribe = [a.onEnded.subscribe(() => this.stop()), b.onEnded.subscribe(() => this.stop())];
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.media.stop();
    for (const leg of this.legs) leg.setBridged(false);
    for (const u of this.unsubscribe) u();
  }
}
