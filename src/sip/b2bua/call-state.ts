/**
 * State of a call handled by the appliance as a user agent (B2BUA leg, T8).
 *
 *   incoming: offered ──ring()──▶ early ──answer()──▶ answering ──ACK──▶ confirmed ──BYE──▶ terminated
 *   outgoing: calling ──1xx──▶ early ──2xx──▶ confirmed ──BYE──▶ terminated
 *   any state ──CANCEL / failure / timeout──────────────────────────────────────────▶ terminated
 */
export enum CallState {
  Offered = "offered",
  Calling = "calling",
  Early = "early",
  Answering = "answering",
  Confirmed = "confirmed",
  Terminated = "terminated",
}

/** Why a call ended and who ended it (mirrors telephony's EndReason). */
export interface CallEnd {
  by: "remote" | "local" | "system";
  cause: "bye" | "cancel" | "timeout" | "rejected" | "busy" | "failed" | "shutdown" | "interrupted" | "expired" | "media-timeout";
  status?: number;
}
