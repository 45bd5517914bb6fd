import { Event } from "../../lib/index.ts";
import type { CallLeg, EndReason, LegState, Playback, PromptRef } from "../../telephony/index.ts";

/** What the canary heard of one prompt (measured at a real RTP endpoint by main's wiring). */
export interface HeardPrompt {
  /** The service's own file of the prompt exists but cannot be decoded. */
  unreadable: boolean;
  receivedMs: number;
  /** Level of what arrived, dBFS (−Infinity: digital silence). */
  rmsDbfs: number;
}

/** Measures a prompt as a caller would hear it. */
export type PromptEar = (prompt: PromptRef) => Promise<HeardPrompt>;

/**
 * The canary's internal caller (issue 17 point 5): a CallLeg the real ARS runs on. Every prompt
 * played to it goes to the ear; it presses `key` once when the menu plays, and hangs up when
 * asked for input again (an invalid key or a second menu), so a walk never waits on timeouts.
 * It has no SIP dialog: nothing is recorded as a call and no agent is ever rung.
 */
export class CanaryLeg implements CallLeg {
  readonly id: string;
  readonly callId: string;
  readonly direction = "inbound" as const;
  readonly from = "canary";
  readonly onAnswered = new Event<[]>();
  readonly onEnded = new Event<[EndReason]>();
  readonly onDtmf = new Event<[string]>();
  /** Prompt ids in the order played, with what was heard. */
  readonly heard: { id: string; result: HeardPrompt }[] = [];
  private _state: LegState = "new";
  private pressed = false;

  constructor(
    readonly to: string,
    private readonly o: { ear: PromptEar; key?: string; menuPrompt: string; inputPrompts: readonly string[] },
  ) {
    this.id = `canary-${to}-${o.key ?? "none"}`;
    this.callId = this.id;
  }

  get state(): LegState {
    return this._state;
  }

  ring(): void {}

  async answer(): Promise<void> {
    this._state = "answered";
    this.onAnswered.execute();
  }

  play(prompt: PromptRef): Playback {
    let stopped!: () => void;
    const stop = new Promise<"stopped">((resolve) => (stopped = () => resolve("stopped")));
    const id = prompt.kind === "prompt" ? prompt.id : prompt.kind;
    const asksInput = this.o.inputPrompts.includes(id);
    const heard = this.o.ear(prompt).then((result) => {
      this.heard.push({ id, result });
      // After the menu: press the key once (after the prompt, as a caller who listened); asked again: hang up.
      if (asksInput && !this.pressed && id === this.o.menuPrompt && this.o.key !== undefined) {
        this.pressed = true;
        setTimeout(() => this.onDtmf.execute(this.o.key!), 0);
      } else if (asksInput) {
        setTimeout(() => this.end("remote"), 0);
      }
      return "finished" as const;
    });
    return { done: Promise.race([heard, stop]), stop: () => stopped() };
  }

  async hold(): Promise<void> {}
  async resume(): Promise<void> {}

  hangup(): void {
    this.end("local");
  }

  private end(by: EndReason["by"]): void {
    if (this._state === "ended") return;
    this._state = "ended";
    this.onEnded.execute({ by, cause: "bye" });
  }
}
