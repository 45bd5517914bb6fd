import type { Clock, TimerHandle } from "../../lib/index.ts";
import type { SipRequest, SipResponse } from "../message/index.ts";
import { optionTags } from "./reliable-provisionals.ts";

/** RFC 4028 §4: "the minimum value ... MUST NOT be less than 90 seconds" — and ours. */
export const MIN_SE = 90;
/** RFC 4028 §4: "the recommended value for the Session-Expires is 1800 seconds". */
export const DEFAULT_SE = 1800;

/** Who refreshes, relative to the request that set the interval. */
export type Refresher = "uac" | "uas";

/** The terms of a session timer: the interval in seconds and who refreshes. */
export interface SessionTerms {
  interval: number;
  refresher: Refresher;
}

/** `Session-Expires: delta[;refresher=uac|uas]` (RFC 4028 §4), also in its compact form `x`. */
export function parseSessionExpires(message: SipRequest | SipResponse): { delta: number; refresher?: Refresher } | undefined {
  const value = message.headers.get("session-expires") ?? message.headers.get("x");
  const m = /^\s*(\d{1,10})\s*(?:;(.*))?$/.exec(value ?? "");
  if (!m) return undefined;
  const refresher = /(?:^|;)\s*refresher\s*=\s*(uac|uas)\b/i.exec(m[2] ?? "")?.[1]?.toLowerCase() as Refresher | undefined;
  return { delta: Number(m[1]), refresher };
}

/** A request's Min-SE (§5), never below ours. */
function minSeOf(message: SipRequest): number {
  const n = Number.parseInt(message.headers.get("min-se") ?? "", 10);
  return Number.isFinite(n) ? Math.max(n, MIN_SE) : MIN_SE;
}

/**
 * What an INVITE, UPDATE or re-INVITE we answer asks for (RFC 4028 §9): `tooSmall` when its interval
 * is below our Min-SE (answer 422 with `Min-SE`); else the terms, the refresher chosen by us when the
 * request leaves it open — the requester when it supports timers, else ourselves (§9: "If the UAC did
 * not support the extension, the refresher MUST be the UAS") — and whether the 2xx must require timer.
 */
export function termsOfRequest(request: SipRequest): { tooSmall: true } | (SessionTerms & { requireTimer: boolean }) | undefined {
  const asked = parseSessionExpires(request);
  const supports = optionTags(request, "supported").includes("timer") || optionTags(request, "require").includes("timer");
  if (!asked) return undefined;
  if (asked.delta < MIN_SE) return { tooSmall: true };
  const interval = Math.max(asked.delta, minSeOf(request));
  const refresher: Refresher = asked.refresher ?? (supports ? "uac" : "uas");
  return { interval, refresher: supports ? refresher : "uas", requireTimer: supports };
}

/** The terms a 2xx to our request settled (§7.2); none when the answer has no Session-Expires. */
export function termsOfResponse(response: SipResponse): SessionTerms | undefined {
  const got = parseSessionExpires(response);
  if (!got || got.delta < 1) return undefined;
  return { interval: got.delta, refresher: got.refresher ?? "uac" };
}

/** Does the message's Allow list UPDATE (RFC 3311)? */
export function allowsUpdate(message: SipRequest | SipResponse): boolean {
  return message.headers.getAll("allow").some((v) => /(^|,)\s*UPDATE\s*(,|$)/i.test(v));
}

/** The Session-Expires value of a message. */
export function sessionExpires(terms: SessionTerms): string {
  return `${terms.interval};refresher=${terms.refresher}`;
}

/**
 * The running timer of one dialog (RFC 4028 §10): the refresher sends its refresh at half the
 * interval; the other side ends the session if none came "by the time ... minus the minimum of 32
 * seconds and one third of the session interval". Times are injected; nothing here sends.
 */
export class SessionTimer {
  private handle?: TimerHandle;

  constructor(
    private readonly clock: Clock,
    private readonly onRefreshDue: () => void,
    private readonly onExpired: () => void,
  ) {}

  /** (Re)arm for `interval` seconds; `weRefresh` when this side is the refresher. */
  start(interval: number, weRefresh: boolean): void {
    this.stop();
    const s = weRefresh ? interval / 2 : interval - Math.min(32, interval / 3);
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      if (weRefresh) this.onRefreshDue();
      else this.onExpired();
    }, s * 1000);
  }

  /** Refresh again in `ms` (a refused refresh, e.g. 491 after a glare: RFC 3261 §14.1 waits 2.1–4 s). */
  retry(ms: number): void {
    this.stop();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.onRefreshDue();
    }, ms);
  }

  stop(): void {
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
