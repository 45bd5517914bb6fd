/**
 * Outbound registration of a carrier trunk (T7).
 *
 *   idle ──start()──▶ registering ──200──▶ registered ──(refresh at 90 % of expiry)──▶ registering
 *                         │  401/407 → answer once with credentials                      │
 *                         └──failure/timeout──▶ failed ──(backoff 30 s … 10 min)──▶ registering
 *   any ──stop()──▶ stopped
 */
export enum TrunkRegistrationState {
  Idle = "idle",
  Registering = "registering",
  Registered = "registered",
  Failed = "failed",
  Stopped = "stopped",
}
