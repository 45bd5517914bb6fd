import type { Event } from "../lib/index.ts";

/**
 * A call leg = one SIP dialog + its media endpoint, as the contact-center domain sees it.
 *
 *   new ──ring()──▶ ringing ──answer()/remote answers──▶ answered ──hangup()/BYE──▶ ended
 *    └────────────────────── CANCEL / reject / timeout ─────────────────────────────▲
 */
export type LegState = "new" | "ringing" | "answered" | "ended";

/** Why a leg ended, and who ended it. */
export interface EndReason {
  by: "remote" | "local" | "system";
  /**
   * `expired`: the session timer ran out, its refresh unanswered or refused 481/408 (RFC 4028).
   * `media-timeout`: the peer sent no RTP for the configured time while not on hold (media loss, issue 15).
   * `no-ack`: the peer never acknowledged our 200 OK, so the appliance ended the call (RFC 3261 §13.3.1.4).
   */
  cause: "bye" | "cancel" | "timeout" | "rejected" | "busy" | "failed" | "shutdown" | "interrupted" | "expired" | "media-timeout" | "no-ack";
  /** SIP status when a final response ended it. */
  status?: number;
  /** `media-timeout` only: how long the peer had been silent — not talk time (the record subtracts it). */
  silentMs?: number;
}

/** What to play: a prompt by id (default or uploaded for the service), or a tone. */
export type PromptRef =
  | { kind: "prompt"; id: PromptId; language: "ko" | "en"; serviceId?: string }
  | { kind: "tone"; tone: "ringback" | "hold" | "busy" | "congestion" }
  | { kind: "silence"; ms: number };

/** The prompts every service has (M6); a service may replace any by upload or TTS. */
export type PromptId =
  | "greeting"
  | "menu"
  | "info-repeat" // "press 1 to hear again, 2 for the start"
  | "after-hours"
  | "connecting"
  | "delay"
  | "callback-offer"
  | "callback-accepted"
  | "invalid-input"
  | "goodbye"
  | `custom:${string}`;

/** A running playback. `done` settles when it finished, was stopped, or the leg ended. */
export interface Playback {
  readonly done: Promise<"finished" | "stopped" | "ended">;
  stop(): void;
}

export interface CallLeg {
  readonly id: string;
  /** SIP Call-ID of the dialog. */
  readonly callId: string;
  readonly direction: "inbound" | "outbound";
  /** Caller number or extension. */
  readonly from: string;
  /** Dialled number or extension. */
  readonly to: string;
  readonly state: LegState;
  readonly onAnswered: Event<[]>;
  readonly onEnded: Event<[EndReason]>;
  /** RFC 4733 telephone-events (and SIP INFO): "0"-"9", "*", "#", "A"-"D". */
  readonly onDtmf: Event<[string]>;
  /**
   * The far end put this leg on hold (true: its re-INVITE or UPDATE offered a=sendonly, a=inactive or
   * c=0.0.0.0, RFC 3264 §8.4) or took it off hold (false). Optional: legs that cannot be re-offered lack it.
   */
  readonly onRemoteHold?: Event<[boolean]>;
  /**
   * Outbound only: the far end sent early media (183 with SDP) — its ringback or announcement, to be relayed
   * before the answer (RFC 3960). Optional: legs without SIP lack it.
   */
  readonly onEarlyMedia?: Event<[]>;
  /**
   * Outbound only: the carrier challenged the INVITE (401 or 407, the status given) and it went again with the
   * trunk's credentials (RFC 3261 §22.2) — the routing explainer names it (issue 17 point 3). Optional.
   */
  readonly onChallengeAnswered?: Event<[number]>;
  /** Inbound only: send 180 Ringing. */
  ring(): void;
  /**
   * Inbound only: 183 Session Progress with our answer, so the caller hears audio before the answer (early
   * media). False when it cannot (no offer in the INVITE, no common codec, a browser leg, already answered).
   */
  progress?(): boolean;
  /** Inbound only: answer with our SDP; resolves when the ACK arrives (or at once over a reliable path). */
  answer(): Promise<void>;
  /** Play audio to the remote party; a new play stops the previous one. */
  play(prompt: PromptRef, options?: { loop?: boolean }): Playback;
  /** Hold (re-INVITE a=sendonly) with hold music, and resume. */
  hold(): Promise<void>;
  resume(): Promise<void>;
  /**
   * End the leg (CANCEL, reject or BYE as the state requires). `reason`: an inbound leg refused before its answer
   * says why in the reason phrase (a desk phone's refused dial, issue 17 point 3); ignored otherwise.
   */
  hangup(cause?: EndReason["cause"], reason?: string): void;
}

/** Audio of two legs joined through the appliance (M4), optionally recorded (M5). */
export interface Bridge {
  readonly recordingPath?: string;
  /** Undo the bridge (the legs stay up). */
  stop(): void;
  /**
   * Hold (C10, M7): nothing is relayed either way and `listener` (one of the two legs) hears `music`, looped,
   * until `resume()`. The recording goes on. Holding again changes the listener or the music.
   */
  hold(listener: CallLeg, music: PromptRef): void;
  /** Relay both ways again after `hold()` or `replaceAgent()`. */
  resume(): void;
  /**
   * Transfer (C10): put `leg` (answered) in the place of the agent leg (the second leg given to `bridge()`),
   * or none while the caller waits for one. The old agent leg is let go (its end no longer ends the bridge);
   * the recording keeps its file. Relaying waits for `resume()`.
   */
  replaceAgent(leg: CallLeg | undefined): void;
}

/** Where and how to reach a carrier for an outbound call. */
export interface TrunkTarget {
  host: string;
  port: number;
  transport: "udp" | "tcp" | "tls";
  /** For carriers that challenge INVITEs (registration-mode trunks). */
  username?: string;
  password?: string;
  /** The trunk (T7): its caller presentation (From user, P-Asserted-Identity) and outbound proxy. */
  trunkId?: string;
  /** The account the carrier wants as From user instead of the service's number. */
  fromAccount?: string;
  /** Withhold the caller ID: From anonymous with Privacy: id (RFC 3323), the number only in P-Asserted-Identity. */
  withhold?: boolean;
  assertIdentity?: boolean;
  /** host[:port] the INVITE goes to first (a Route header names it, RFC 3261 §8.1.2). */
  outboundProxy?: string;
}

/** What the domain can ask of the telephony layer. */
export interface Telephony {
  /**
   * New inbound calls for a service number (from a trunk or an extension testing the ARS), or a
   * feature code dialled from an extension (`extension` is set when the caller authenticated as one).
   */
  readonly onInboundCall: Event<[CallLeg, { serviceNumber: string; extension?: string }]>;
  /**
   * Ring an extension's registered phones; the leg ends with `timeout` after `ringTimeoutMs`. With `codecOf`
   * (the caller's leg) the phone is offered that leg's codec first, so G.722 goes end to end untranscoded (M1).
   */
  dialExtension(extension: string, options: { callerId: string; displayName?: string; ringTimeoutMs: number; codecOf?: CallLeg }): CallLeg;
  /** Call a number outside through a carrier trunk with the service's caller ID (C9, T7). */
  dialOut(number: string, options: { callerId: string; trunk: TrunkTarget; ringTimeoutMs: number }): CallLeg;
  /**
   * Join two answered legs through the appliance; record both parties into a stereo WAV when `recordTo` is given.
   * When one leg's media times out, the other hears `lossAnnouncement` (default: 2 s of congestion tone) before
   * any hang-up of it takes effect (issue 15).
   */
  bridge(a: CallLeg, b: CallLeg, options?: { recordTo?: string; lossAnnouncement?: PromptRef }): Bridge;
  /** Legs alive now (leak checks). */
  liveLegs(): number;
}
