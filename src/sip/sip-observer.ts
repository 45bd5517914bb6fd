/** Counters the SIP layer reports to (main wires them to Prometheus). */
export interface SipObserver {
  request(method: string): void;
  response(status: number): void;
  authFailure(): void;
}

export const nullObserver: SipObserver = { request() {}, response() {}, authFailure() {} };
