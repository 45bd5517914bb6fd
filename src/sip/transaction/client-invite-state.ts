/**
 * INVITE client transaction states (RFC 3261 §17.1.1, Figure 5, as amended by RFC 6026 §7.2).
 *
 * ```
 *                       INVITE from TU / send, Timer A (UDP), Timer B
 *                               |
 *        Timer A: resend  +--> Calling ----- Timer B / transport err.: inform TU --+
 *        A = 2*A          +-----|  |  \                                            |
 *                          1xx: |  |   \ 2xx: to TU                                |
 *                          to TU|  |    \                                          |
 *                               v  |     v                                         |
 *                 1xx: to TU  Proceeding ---- 2xx: to TU ---> Accepted <- 2xx: to TU
 *                              |   |                            |                  |
 *          300-699: send ACK,  |   | 300-699 (from Calling too) | Timer M          |
 *          to TU               v   v                            |                  |
 *     300-699: resend ACK <-- Completed                         |                  |
 *                               | Timer D (0 on reliable)       |                  |
 *                               v                               v                  |
 *                           Terminated <-------------------------------------------+
 * ```
 */
export enum ClientInviteState {
  Calling = "Calling",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Accepted = "Accepted",
  Terminated = "Terminated",
}
