import type { Logger } from "../lib/index.ts";
import { bridgeLegs, type CallBridge } from "../media/index.ts";
import type { Bridge, CallLeg, Playback, PromptRef } from "./call-leg.ts";
import { SipCallLeg } from "./sip-call-leg.ts";

/** What the other party hears when one vanished, unless the domain names a prompt: a short congestion tone. */
const LOSS_TONE: PromptRef = { kind: "tone", tone: "congestion" };
/** The loss announcement is cut after this long (a congestion tone never ends by itself). */
const LOSS_MAX_MS = 4000;

/**
 * Two answered legs joined through the appliance (M4), both parties recorded when asked (M5):
 * left channel = leg a (the caller), right = leg b (the agent). Undoes itself when either leg ends.
 * Hold pauses the relay and plays music to the held party; a transfer puts another leg in b's place.
 */
export class LegBridge implements Bridge {
  readonly recordingPath?: string;
  private readonly media: CallBridge;
  private readonly unsubscribe: Array<() => void>;
  private stopped = false;
  private readonly legs: [SipCallLeg, SipCallLeg | undefined];
  private held?: { listener: SipCallLeg; music: Playback };

  private readonly lossAnnouncement: PromptRef;

  constructor(a: SipCallLeg, b: SipCallLeg, options: { recordTo?: string; lossAnnouncement?: PromptRef; log: Logger }) {
    this.lossAnnouncement = options.lossAnnouncement ?? LOSS_TONE;
    a.setBridged(true);
    b.setBridged(true);
    let media: CallBridge;
    try {
      media = bridgeLegs(a.media, b.media, { recordTo: options.recordTo });
    } catch (error) {
      // A recording that cannot be opened must not cost the call: bridge without it.
      options.log.error({ err: String(error), path: options.recordTo }, "could not start the recording");
      media = bridgeLegs(a.media, b.media);
    }
    this.media = media;
    this.recordingPath = media.recordingPath;
    this.legs = [a, b];
    this.unsubscribe = [a.onEnded.subscribe(() => this.stop()), b.onEnded.subscribe(() => this.stop()), a.onMediaLost.subscribe(() => this.mediaLost(a))];
    this.unsubscribe.push(b.onMediaLost.subscribe(() => this.mediaLost(b)));
  }

  /** One party vanished (its media timed out): the other hears the announcement before it is released (issue 15). */
  private mediaLost(dead: SipCallLeg): void {
    if (this.stopped) return;
    const other = this.legs.find((l) => l !== undefined && l !== dead);
    this.stop();
    other?.announceRelease(this.lossAnnouncement, LOSS_MAX_MS);
  }

  hold(listener: CallLeg, music: PromptRef): void {
    const leg = this.legs.find((l) => l === listener);
    if (this.stopped || !leg) return;
    this.media.relay(false);
    this.held?.music.stop();
    // Not bridged for the player's sake: a bridged leg plays nothing (see SipCallLeg.play).
    leg.setBridged(false);
    this.held = { listener: leg, music: leg.play(music, { loop: true }) };
  }

  resume(): void {
    if (this.stopped) return;
    this.held?.music.stop();
    this.held = undefined;
    for (const leg of this.legs) leg?.setBridged(true);
    this.media.relay(true);
  }

  replaceAgent(leg: CallLeg | undefined): void {
    if (this.stopped) return;
    if (leg !== undefined && !(leg instanceof SipCallLeg)) throw new TypeError("a bridge joins SIP call legs only");
    this.media.replaceAgent(leg?.media);
    this.unsubscribe[1]?.();
    this.unsubscribe[1] = leg ? leg.onEnded.subscribe(() => this.stop()) : () => {};
    this.unsubscribe[3]?.();
    this.unsubscribe[3] = leg ? leg.onMediaLost.subscribe(() => this.mediaLost(leg)) : () => {};
    const old = this.legs[1];
    if (old && old !== this.held?.listener) old.setBridged(false);
    this.legs[1] = leg;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.held?.music.stop();
    this.media.stop();
    for (const leg of this.legs) leg?.setBridged(false);
    for (const u of this.unsubscribe) u();
  }
}
