import { Event, type Clock, type TimerHandle } from "../../lib/index.ts";
import type { Bridge, CallLeg, EndReason, LegState, Playback, PromptRef, Telephony, TrunkTarget } from "../call-leg.ts";

/** How long a fake prompt plays before `done` settles with "finished" (tones loop until stopped). */
export const FAKE_PROMPT_MS = 2000;

let nextLeg = 1;

/** A recorded play() call. */
export interface PlayRecord {
  at: number;
  prompt: PromptRef;
  loop: boolean;
  outcome?: "finished" | "stopped" | "ended";
}

/**
 * An in-memory CallLeg driven by a FakeClock: prompts "play" for FAKE_PROMPT_MS (tones and
 * `loop` plays until stopped); tests press digits, answer, hang up and time out.
 */
export class FakeCallLeg implements CallLeg {
  readonly id = `leg-${nextLeg++}`;
  readonly callId = `${this.id}@fake`;
  readonly onAnswered = new Event<[]>();
  readonly onEnded = new Event<[EndReason]>();
  readonly onDtmf = new Event<[string]>();
  readonly onRemoteHold = new Event<[boolean]>();
  /** Outbound: a carrier's challenge answered with the trunk's credentials (tests fire it). */
  readonly onChallengeAnswered = new Event<[number]>();
  /** Outbound: the far end's early media (183 with SDP); tests fire it with {@link remoteEarlyMedia}. */
  readonly onEarlyMedia = new Event<[]>();
  /** Everything played to this leg, in order. */
  readonly played: PlayRecord[] = [];
  state: LegState = "new";
  endReason?: EndReason;
  held = false;
  private current?: { rec: PlayRecord; settle: (o: "finished" | "stopped" | "ended") => void; timer?: TimerHandle };
  private ringTimer?: TimerHandle;

  constructor(
    private readonly clock: Clock,
    readonly direction: "inbound" | "outbound",
    readonly from: string,
    readonly to: string,
    private readonly onGone: (leg: FakeCallLeg) => void = () => {},
  ) {}

  /** Prompt ids played so far ("tone:hold" for tones, "silence" for silences). */
  get playedIds(): string[] {
    return this.played.map((p) =>
      p.prompt.kind === "prompt" ? p.prompt.id : p.prompt.kind === "tone" ? `tone:${p.prompt.tone}` : "silence",
    );
  }

  /** What is playing now, if anything. */
  get playing(): string | undefined {
    if (!this.current) return undefined;
    const p = this.current.rec.prompt;
    return p.kind === "prompt" ? p.id : p.kind === "tone" ? `tone:${p.tone}` : "silence";
  }

  ring(): void {
    if (this.state === "new") this.state = "ringing";
  }

  async answer(): Promise<void> {
    if (this.state === "ended" || this.state === "answered") return;
    this.state = "answered";
    this.onAnswered.execute();
  }

  play(prompt: PromptRef, options?: { loop?: boolean }): Playback {
    this.stopCurrent("stopped");
    const rec: PlayRecord = { at: this.clock.now(), prompt, loop: options?.loop ?? false };
    this.played.push(rec);
    let settle!: (o: "finished" | "stopped" | "ended") => void;
    const done = new Promise<"finished" | "stopped" | "ended">((r) => (settle = r));
    if (this.state === "ended") {
      rec.outcome = "ended";
      settle("ended");
      return { done, stop() {} };
    }
    const cur: NonNullable<typeof this.current> = {
      rec,
      settle: (o) => {
        if (rec.outcome) return;
        rec.outcome = o;
        if (cur.timer) this.clock.clearTimeout(cur.timer);
        if (this.current === cur) this.current = undefined;
        settle(o);
      },
    };
    const finite = !rec.loop && prompt.kind !== "tone";
    if (finite) {
      const ms = prompt.kind === "silence" ? prompt.ms : FAKE_PROMPT_MS;
      cur.timer = this.clock.setTimeout(() => cur.settle("finished"), ms);
    }
    this.current = cur;
    return { done, stop: () => cur.settle("stopped") };
  }

  async hold(): Promise<void> {
    this.held = true;
  }

  async resume(): Promise<void> {
    this.held = false;
  }

  /** The reason phrase a refusal was answered with, if one was given. */
  refusal?: string;

  hangup(cause: EndReason["cause"] = "bye", reason?: string): void {
    if (reason !== undefined && this.state !== "answered") this.refusal = reason;
    this.end({ by: "local", cause });
  }

  // ---- test controls ----

  /** The remote party presses a key. */
  press(digits: string): void {
    for (const d of digits) if (this.state !== "ended") this.onDtmf.execute(d);
  }

  /** The remote party holds (re-INVITE a=sendonly) or resumes (a=sendrecv). */
  remoteHold(held: boolean): void {
    if (this.state === "answered") this.onRemoteHold.execute(held);
  }

  /** The far end sends early media (outbound legs, 183 with SDP). */
  remoteEarlyMedia(): void {
    if (this.state !== "ended") this.onEarlyMedia.execute();
  }

  /** The remote party answers (outbound legs). */
  remoteAnswer(): void {
    if (this.state === "ended" || this.state === "answered") return;
    if (this.ringTimer) this.clock.clearTimeout(this.ringTimer);
    this.state = "answered";
    this.onAnswered.execute();
  }

  /** The remote party hangs up (BYE, or CANCEL before answer). */
  remoteHangup(): void {
    this.end({ by: "remote", cause: this.state === "answered" ? "bye" : "cancel" });
  }

  /** The remote party rejects (outbound legs). */
  reject(status = 486): void {
    this.end({ by: "remote", cause: status === 486 ? "busy" : "rejected", status });
  }

  /** Start the ring timer of an outbound leg. */
  startRinging(timeoutMs: number): void {
    this.state = "ringing";
    this.ringTimer = this.clock.setTimeout(() => this.end({ by: "system", cause: "timeout" }), timeoutMs);
  }

  /** End the leg with a reason (idempotent). */
  end(reason: EndReason): void {
    if (this.state === "ended") return;
    if (this.ringTimer) this.clock.clearTimeout(this.ringTimer);
    this.state = "ended";
    this.endReason = reason;
    this.stopCurrent("ended");
    this.onGone(this);
    this.onEnded.execute(reason);
  }

  private stopCurrent(outcome: "stopped" | "ended"): void {
    this.current?.settle(outcome);
    this.current = undefined;
  }
}

/** A recorded bridge: who is held hearing what, and which agent legs took part in turn. */
export class FakeBridge implements Bridge {
  stopped = false;
  /** The held party and its music, while held. */
  held?: { listener: CallLeg; music: PromptRef };
  /** Agent legs in order (transfers append). */
  readonly agents: (CallLeg | undefined)[];
  private playback?: Playback;
  constructor(
    readonly a: CallLeg,
    public b: CallLeg | undefined,
    readonly recordingPath?: string,
  ) {
    this.agents = [b];
  }
  /** True while audio flows between the legs. */
  get relaying(): boolean {
    return !this.stopped && !this.held && this.b !== undefined;
  }
  hold(listener: CallLeg, music: PromptRef): void {
    if (this.stopped) return;
    this.playback?.stop();
    this.held = { listener, music };
    this.playback = listener.play(music, { loop: true });
  }
  resume(): void {
    this.playback?.stop();
    this.playback = undefined;
    this.held = undefined;
  }
  replaceAgent(leg: CallLeg | undefined): void {
    this.b = leg;
    this.agents.push(leg);
  }
  stop(): void {
    this.playback?.stop();
    this.stopped = true;
  }
}

/** An in-memory Telephony: tests place inbound calls and see the extensions dialled. */
export class FakeTelephony implements Telephony {
  readonly onInboundCall = new Event<[CallLeg, { serviceNumber: string; extension?: string }]>();
  /** Every outbound leg dialled, in order. */
  readonly dialled: FakeCallLeg[] = [];
  readonly bridges: FakeBridge[] = [];
  /** Extensions whose dial fails at once (not registered). */
  readonly unreachable = new Set<string>();
  private readonly live = new Set<FakeCallLeg>();

  constructor(private readonly clock: Clock) {}

  /** A caller dials a service number (or, with `extension`, an agent's desk phone dials out); returns the caller's leg. */
  call(from: string, serviceNumber: string, extension?: string): FakeCallLeg {
    const leg = this.track(new FakeCallLeg(this.clock, "inbound", from, serviceNumber, (l) => this.live.delete(l)));
    leg.ring();
    this.onInboundCall.execute(leg, { serviceNumber, extension });
    return leg;
  }

  /** Calls placed through a trunk (C9): number, caller ID and trunk. */
  readonly trunkCalls: Array<{ number: string; callerId: string; trunk: TrunkTarget }> = [];

  dialExtension(extension: string, options: { callerId: string; displayName?: string; ringTimeoutMs: number }): CallLeg {
    const leg = this.track(new FakeCallLeg(this.clock, "outbound", options.callerId, extension, (l) => this.live.delete(l)));
    this.dialled.push(leg);
    if (this.unreachable.has(extension)) {
      this.clock.setTimeout(() => leg.end({ by: "system", cause: "failed", status: 480 }), 0);
    } else {
      leg.startRinging(options.ringTimeoutMs);
    }
    return leg;
  }

  dialOut(number: string, options: { callerId: string; trunk: TrunkTarget; ringTimeoutMs: number }): CallLeg {
    const leg = this.track(new FakeCallLeg(this.clock, "outbound", options.callerId, number, (l) => this.live.delete(l)));
    this.dialled.push(leg);
    this.trunkCalls.push({ number, callerId: options.callerId, trunk: options.trunk });
    leg.startRinging(options.ringTimeoutMs);
    return leg;
  }

  bridge(a: CallLeg, b: CallLeg, options?: { recordTo?: string }): Bridge {
    const br = new FakeBridge(a, b, options?.recordTo);
    this.bridges.push(br);
    return br;
  }

  liveLegs(): number {
    return this.live.size;
  }

  /** The legs dialled to one extension, oldest first. */
  dialledTo(extension: string): FakeCallLeg[] {
    return this.dialled.filter((l) => l.to === extension);
  }

  /** The newest leg ringing at an extension. */
  ringing(extension: string): FakeCallLeg | undefined {
    return this.dialledTo(extension).filter((l) => l.state === "ringing").at(-1);
  }

  private track(leg: FakeCallLeg): FakeCallLeg {
    this.live.add(leg);
    return leg;
  }
}
