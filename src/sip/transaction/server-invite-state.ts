/**
 * INVITE server transaction states (RFC 3261 §17.2.1, Figure 7, as amended by RFC 6026 §7.1).
 *
 * ```
 *                      INVITE / send 100 Trying
 *                               |
 *                               v
 *     1xx from TU  +-------> Proceeding ---- transport err. ----------+
 *     send 1xx     +----------|   |  \                               |
 *                  300-699    |   |   \ 2xx from TU: send 2xx        |
 *                  from TU:   |   |    \                             |
 *                  send resp  v   |     v                            |
 *      INVITE: resend  <--- Completed   Accepted <-- 2xx from TU: send|
 *      Timer G: resend <---|  |  |      |   ACK: to TU               |
 *                          ACK  Timer H |   INVITE: absorb           |
 *                           |   (no ACK)|   Timer L                  |
 *                           v      |    |                            |
 *                       Confirmed  |    |                            |
 *             ACK: absorb |  |     |    |                            |
 *                     Timer I|     |    |                            |
 *                            v     v    v                            |
 *                           Terminated <-----------------------------+
 * ```
 */
export enum ServerInviteState {
  Proceeding = "Proceeding",
  Completed = "Completed",
  Confirmed = "Confirmed",
  Accepted = "Accepted",
  Terminated = "Terminated",
}
