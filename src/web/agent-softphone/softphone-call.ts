/**
 * One call in the browser softphone (SPEC A3, A5): sip.js's Invitation with answer / reject, hang up, mute,
 * hold and unhold by re-INVITE (a=sendonly, RFC 3264 §8.4), a new microphone mid-call, and the far end played
 * in an `<audio>` element. Browser code only.
 */
import { SessionState } from "sip.js";
import type { Invitation, Web } from "sip.js";
import type { SoftphoneEvents } from "./softphone-events.ts";

/** What a call needs from the softphone around it. */
export interface CallHost {
  readonly audio: HTMLAudioElement;
  /** The capture constraints for the chosen microphone. */
  microphone(): MediaTrackConstraints | boolean;
  /** Bound on ICE gathering before the answer goes out (no STUN: host candidates come at once). */
  readonly iceGatheringTimeoutMs: number;
  emit<K extends keyof SoftphoneEvents>(type: K, detail: SoftphoneEvents[K]): void;
  ended(call: SoftphoneCall): void;
}

export type CallState = "ringing" | "connecting" | "established" | "ended";

export class SoftphoneCall {
  state: CallState = "ringing";
  held = false;
  muted = false;
  readonly caller: string;
  readonly displayName?: string;
  private endReason?: SoftphoneEvents["ended"]["reason"];

  constructor(
    private readonly invitation: Invitation,
    private readonly host: CallHost,
  ) {
    this.caller = invitation.remoteIdentity.uri.user ?? "";
    this.displayName = invitation.remoteIdentity.displayName || undefined;
    invitation.stateChange.addListener((s) => this.changed(s));
  }

  /** Answer with the chosen microphone. */
  async answer(): Promise<void> {
    if (this.state !== "ringing") return;
    this.state = "connecting";
    try {
      await this.invitation.accept({
        sessionDescriptionHandlerOptions: {
          constraints: { audio: this.host.microphone(), video: false },
          iceGatheringTimeout: this.host.iceGatheringTimeoutMs,
        } as Web.SessionDescriptionHandlerOptions,
      });
    } catch (error) {
      this.endReason = "failed";
      this.host.emit("error", { code: "call-failed", message: `The call could not be answered: ${String(error)}` });
    }
  }

  /** Refuse a ringing call (603 Decline). */
  async reject(statusCode = 603): Promise<void> {
    if (this.state !== "ringing") return;
    this.endReason = "rejected";
    await this.invitation.reject({ statusCode }).catch(() => {});
  }

  /** Hang up (BYE), or refuse when it still rings. */
  async hangup(): Promise<void> {
    if (this.state === "ringing") return this.reject();
    if (this.state === "ended") return;
    this.endReason = "hangup";
    await this.invitation.bye().catch(() => {});
  }

  /** Stop or restart sending the microphone (the far end hears silence; the call stays up). */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.handler()?.enableSenderTracks(!muted && !this.held);
    this.host.emit("muted", { muted });
  }

  /** Hold (re-INVITE with a=sendonly) or take off hold (a=sendrecv). */
  async hold(held: boolean): Promise<void> {
    if (this.state !== "established" || this.held === held) return;
    this.invitation.sessionDescriptionHandlerOptionsReInvite = { hold: held, iceGatheringTimeout: this.host.iceGatheringTimeoutMs } as Web.SessionDescriptionHandlerOptions;
    await new Promise<void>((resolve, reject) => {
      void this.invitation
        .invite({
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`hold refused: ${response.message.statusCode}`)),
          },
        })
        .catch(reject);
    });
    this.held = held;
    this.handler()?.enableSenderTracks(!held && !this.muted);
    this.host.emit("held", { held });
  }

  /** Send from another microphone now (the chosen device changed mid-call). */
  async replaceMicrophone(): Promise<void> {
    const pc = this.handler()?.peerConnection;
    const sender = pc?.getSenders().find((s) => s.track?.kind === "audio");
    if (!sender) return;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: this.host.microphone(), video: false });
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    const old = sender.track;
    await sender.replaceTrack(track);
    track.enabled = !this.muted && !this.held;
    old?.stop();
  }

  /** The peer connection's statistics (inbound-rtp packets received, …), when the call has media. */
  async stats(): Promise<RTCStatsReport | undefined> {
    return this.handler()?.peerConnection?.getStats();
  }

  private handler(): Web.SessionDescriptionHandler | undefined {
    return this.invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
  }

  private changed(s: SessionState): void {
    if (s === SessionState.Established) {
      this.state = "established";
      const remote = this.handler()?.remoteMediaStream;
      if (remote) {
        this.host.audio.srcObject = remote;
        void this.host.audio.play().catch(() => {});
      }
      this.host.emit("established", { caller: this.caller });
    } else if (s === SessionState.Terminated) {
      const was = this.state;
      this.state = "ended";
      this.host.audio.srcObject = null;
      const reason = this.endReason ?? (was === "ringing" ? "cancelled" : "remote");
      this.host.emit("ended", { caller: this.caller, reason });
      this.host.ended(this);
    }
  }
}
