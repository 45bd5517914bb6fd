/**
 * RFC 3261 §17 timer values (Table 4 of Appendix A), all derived in one place.
 *
 * Reliable transports (TCP, TLS, WS, WSS) never retransmit (no Timer A, E, G)
 * and wait zero seconds in the absorbing states (Timer I, J, K, D).
 */
export interface TimerValues {
  /** RTT estimate, default 500 ms. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  T2: number;
  /** Maximum time a message stays in the network, default 5 s. */
  T4: number;
}

/** Default T1/T2/T4 of RFC 3261 §17.1.1.1. */
export const DEFAULT_TIMER_VALUES: Readonly<TimerValues> = Object.freeze({ T1: 500, T2: 4000, T4: 5000 });

/** Concrete timer durations in ms for one transport; `null` means "never started". */
export interface TransactionTimers {
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
  /** INVITE request retransmit, initially T1, doubling (UDP only). */
  readonly A: number | null;
  /** INVITE transaction timeout, 64*T1. */
  readonly B: number;
  /** Wait for response retransmits after a non-2xx final: >32 s on UDP, 0 on reliable. */
  readonly D: number;
  /** Non-INVITE request retransmit, initially T1, capped at T2 (UDP only). */
  readonly E: number | null;
  /** Non-INVITE transaction timeout, 64*T1. */
  readonly F: number;
  /** INVITE final response retransmit, initially T1, capped at T2 (UDP only). */
  readonly G: number | null;
  /** Wait for ACK receipt, 64*T1. */
  readonly H: number;
  /** Wait for ACK retransmits: T4 on UDP, 0 on reliable. */
  readonly I: number;
  /** Wait for non-INVITE request retransmits: 64*T1 on UDP, 0 on reliable. */
  readonly J: number;
  /** Wait for non-INVITE response retransmits: T4 on UDP, 0 on reliable. */
  readonly K: number;
  /** RFC 6026 §8.7: server INVITE Accepted state lifetime, 64*T1. */
  readonly L: number;
  /** RFC 6026 §8.4: client INVITE Accepted state lifetime, 64*T1. */
  readonly M: number;
  /**
   * Not an RFC 3261 timer: how long an INVITE's response sent as a stateless UAS (a challenge, §8.2.7)
   * is sent again to retransmissions of the INVITE, T4 on UDP (they come after T1, 2·T1, 4·T1), 0 on reliable.
   */
  readonly stateless: number;
}

/** Derive every timer from T1/T2/T4 for a reliable or unreliable transport. */
export function deriveTimers(values: Partial<TimerValues> | undefined, reliable: boolean): TransactionTimers {
  const T1 = values?.T1 ?? DEFAULT_TIMER_VALUES.T1;
  const T2 = values?.T2 ?? DEFAULT_TIMER_VALUES.T2;
  const T4 = values?.T4 ?? DEFAULT_TIMER_VALUES.T4;
  const long = 64 * T1;
  return Object.freeze({
    T1,
    T2,
    T4,
    A: reliable ? null : T1,
    B: long,
    // §17.1.1.2: "Timer D ... at least 32 seconds for unreliable transports, and ... zero seconds for reliable".
    D: reliable ? 0 : Math.max(32_000, long),
    E: reliable ? null : T1,
    F: long,
    G: reliable ? null : T1,
    H: long,
    I: reliable ? 0 : T4,
    J: reliable ? 0 : long,
    K: reliable ? 0 : T4,
    L: long,
    M: long,
    stateless: reliable ? 0 : T4,
  });
}
