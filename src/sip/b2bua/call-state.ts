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
  /** `no-ack`: our 2xx was never acknowledged within 64·T1, so we ended the dialog with a BYE (RFC 3261 §13.3.1.4). */
  cause: "bye" | "cancel" | "timeout" | "rejected" | "busy" | "failed" | "shutdown" | "interrupted" | "expired" | "media-timeout" | "no-ack";
  status?: number;
}
