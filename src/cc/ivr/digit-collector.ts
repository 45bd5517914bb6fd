import type { Clock, TimerHandle } from "../../lib/index.ts";
import type { CallLeg, PromptRef } from "../../telephony/index.ts";

/** Thrown out of a flow step when the caller hung up; the flow unwinds and reports it. */
export class CallerGone extends Error {
  constructor() {
    super("caller hung up");
    this.name = "CallerGone";
  }
}

interface Waiter {
  resolve: (digit: string | null) => void;
  timer?: TimerHandle;
}

/**
 * Collects DTMF keys of one leg (M3) for the ARS: buffered keys, a prompt a key interrupts
 * (barge-in), and a timeout after the prompt, on the injected clock.
 */
export class DigitCollector {
  private buffer: string[] = [];
  private waiter?: Waiter;
  private ended: boolean;
  /** Who ended the leg: the caller ("remote"), or us (a shutdown ends calls in the ARS too, X5). */
  endedBy?: "remote" | "local" | "system";
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly leg: CallLeg,
    private readonly clock: Clock,
  ) {
    this.ended = leg.state === "ended";
    this.unsubscribe = [
      leg.onDtmf.subscribe((d) => {
        if (this.waiter) this.settle(d);
        else this.buffer.push(d);
      }),
      leg.onEnded.subscribe((r) => {
        this.ended = true;
        this.endedBy = r.by;
        this.settle(null);
      }),
    ];
  }

  /** Play a prompt to the end (keys are kept in the buffer). Throws CallerGone when the leg ended. */
  async play(prompt: PromptRef): Promise<void> {
    this.assertUp();
    const outcome = await this.leg.play(prompt).done;
    if (outcome === "ended" || this.ended) throw new CallerGone();
  }

  /**
   * Play a prompt that any key interrupts (the greeting): callers who know the menu type ahead,
   * and the key stays buffered for the next collect. Throws CallerGone when the leg ended.
   */
  async playInterruptible(prompt: PromptRef): Promise<void> {
    this.assertUp();
    if (this.buffer.length > 0) return;
    const playback = this.leg.play(prompt);
    const stop = this.leg.onDtmf.subscribe(() => playback.stop());
    try {
      const outcome = await playback.done;
      if (outcome === "ended" || this.ended) throw new CallerGone();
    } finally {
      stop();
    }
  }

  /**
   * Play a prompt and return the first key pressed before (type-ahead) or during it (stopping it)
   * or within `timeoutMs` after it; null on timeout. Throws CallerGone when the leg ended.
   */
  async playAndCollect(prompt: PromptRef, timeoutMs: number): Promise<string | null> {
    this.assertUp();
    const typedAhead = this.buffer.shift();
    if (typedAhead !== undefined) return typedAhead;
    const playback = this.leg.play(prompt);
    const digit = this.wait();
    const first = await Promise.race([digit.then((d) => ({ d })), playback.done.then((o) => ({ o }))]);
    if ("d" in first) {
      playback.stop();
      return this.result(first.d);
    }
    if (first.o === "ended" || this.ended) throw new CallerGone();
    if (this.waiter) this.waiter.timer = this.clock.setTimeout(() => this.settle(null), timeoutMs);
    return this.result(await digit);
  }

  /** Stop listening. */
  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.settle(null);
  }

  private wait(): Promise<string | null> {
    const buffered = this.buffer.shift();
    if (buffered !== undefined) return Promise.resolve(buffered);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiter = { resolve }));
  }

  private result(d: string | null): string | null {
    if (this.ended) throw new CallerGone();
    return d;
  }

  private settle(d: string | null): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    if (w.timer) this.clock.clearTimeout(w.timer);
    w.resolve(d);
  }

  private assertUp(): void {
    if (this.ended) throw new CallerGone();
  }
}
