/**
 * Non-INVITE server transaction states (RFC 3261 §17.2.2, Figure 8).
 *
 * ```
 *                      Request received / pass to TU
 *                               |
 *                               v
 *                           Trying ---- request: absorb
 *             1xx from TU   |     |
 *             send 1xx      |     | 200-699 from TU: send
 *                           v     |
 *  request: resend 1xx  Proceeding|
 *  1xx from TU: send       |      |
 *             200-699 from TU:    |
 *             send              v v
 *                           Completed ---- request: resend final
 *                               | Timer J (0 on reliable)
 *                               v
 *                           Terminated  <-- transport error
 * ```
 */
export enum ServerNonInviteState {
  Trying = "Trying",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Terminated = "Terminated",
}
