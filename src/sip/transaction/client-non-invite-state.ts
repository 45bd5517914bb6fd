/**
 * Non-INVITE client transaction states (RFC 3261 §17.1.2, Figure 6).
 *
 * ```
 *                       Request from TU / send, Timer E (UDP), Timer F
 *                               |
 *     Timer E: resend   +---> Trying ---- Timer F / transport err.: inform TU --+
 *     E = min(2E, T2)   +-----|   |                                             |
 *                        1xx: |   | 200-699: to TU                              |
 *                        to TU|   |                                             |
 *                             v   |                                             |
 *    Timer E: resend,   Proceeding ---- Timer F / transport err.: inform TU ----+
 *    E = T2; 1xx: to TU       |   |                                             |
 *                200-699: to TU   |                                             |
 *                             v   v                                             |
 *                           Completed ---- final: absorb                        |
 *                               | Timer K (0 on reliable)                       |
 *                               v                                               |
 *                           Terminated <----------------------------------------+
 * ```
 */
export enum ClientNonInviteState {
  Trying = "Trying",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Terminated = "Terminated",
}
