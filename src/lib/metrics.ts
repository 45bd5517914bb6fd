import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";

/** The process's Prometheus metrics (X6); one registry, injected wherever something is counted. */
export interface Metrics {
  registry: Registry;
  /** SIP requests received, by method. */
  sipRequests: Counter<"method">;
  /** SIP responses sent, by class "1xx".."6xx". */
  sipResponses: Counter<"class">;
  /** Live registrations (bindings). */
  registrations: Gauge;
  /** Source addresses banned now. */
  bans: Gauge;
  /** Failed digest authentications. */
  authFailures: Counter;
  /** Live SIP transactions by kind "client" / "server" (leak checks). */
  sipTransactions: Gauge<"kind">;
  /** RTP packets by direction "sent" / "received", over every call since start. */
  rtpPackets: Counter<"direction">;
  /** RTP sends that failed: the packet did not leave. */
  rtpSendErrors: Counter;
}

/** Create a fresh registry with the default process metrics and the contact center's own. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    sipRequests: new Counter({
      name: "cc_sip_requests_total",
      help: "SIP requests received",
      labelNames: ["method"],
      registers,
    }),
    sipResponses: new Counter({
      name: "cc_sip_responses_total",
      help: "SIP responses sent, by status class",
      labelNames: ["class"],
      registers,
    }),
    registrations: new Gauge({ name: "cc_sip_registrations", help: "Live SIP registrations", registers }),
    bans: new Gauge({ name: "cc_sip_bans", help: "Source addresses banned now", registers }),
    authFailures: new Counter({ name: "cc_sip_auth_failures_total", help: "Failed digest authentications", registers }),
    sipTransactions: new Gauge({ name: "sip_transactions", help: "Live SIP transactions", labelNames: ["kind"], registers }),
    rtpPackets: new Counter({ name: "cc_rtp_packets_total", help: "RTP packets, by direction", labelNames: ["direction"], registers }),
    rtpSendErrors: new Counter({ name: "cc_rtp_send_errors_total", help: "RTP packets that could not be sent", registers }),
  };
}

/** "1xx".."6xx" for a status code, the label of `sipResponses`. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
