import type { Event } from "../../lib/index.ts";
import type { AudioCodec } from "../codec/index.ts";
import type { LineFormat, PcmSource, Playback } from "../player/index.ts";
import type { MediaEndpoint } from "../rtp/index.ts";
import type { MediaDirection, RemoteAudio } from "../sdp/index.ts";

/** What a leg's owner may do with its prompt player. */
export interface LegPlayer {
  readonly playing: boolean;
  readonly format: LineFormat;
  stop(): void;
}

/**
 * The media of one call leg as the telephony layer sees it (SPEC M1–M5), wherever its packets run: on this
 * thread (`CallMedia`) or in a media worker (`RemoteCallMedia`, issue 12). SDP goes in and out as text.
 */
export interface LegMedia {
  readonly kind: "rtp" | "webrtc";
  /** RFC 4733 (or in-band) digits from the peer, each key press once. */
  readonly onDtmf: Event<[string]>;
  /** The media was lost without the peer leaving (its worker crashed): the leg must end; the cause says why. */
  readonly onFailed: Event<[string]>;
  /** A (re-)negotiation was applied: `format` and `telephoneEventPt` may have changed (a bridge reads them again). */
  readonly onNegotiated: Event<[]>;
  /** The endpoint on this thread (a worker's leg gives a proxy whose packets cross threads: use for tests and mixed bridges). */
  readonly endpoint: MediaEndpoint;
  readonly player: LegPlayer;
  readonly format: LineFormat;
  readonly telephoneEventPt: number | undefined;
  readonly sending: boolean;
  readonly idleMs: number;
  readonly remote: RemoteAudio | undefined;
  prepareOffer(): Promise<void>;
  prepareAnswer(offer: string): Promise<void>;
  whenReady(timeoutMs?: number): Promise<boolean>;
  setAdvertisedAddress(address: string): void;
  preferCodec(codec: AudioCodec): void;
  silentMs(now?: number): number;
  offer(direction?: MediaDirection): string;
  answerOffer(offer: string, wanted?: MediaDirection): string;
  applyAnswer(answer: string): void;
  play(source: PcmSource): Playback;
  sendDtmf(digits: string): Promise<boolean>;
  close(): void;
}
