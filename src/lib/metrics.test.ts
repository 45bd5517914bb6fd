import { describe, expect, it } from "bun:test";
import { createMetrics, sipCounting, statusClass } from "./metrics.ts";

describe("metrics (X6)", () => {
  it("X6: MUST expose default process metrics, the SIP counters and the RTP counters", async () => {
    const m = createMetrics();
    m.sipRequests.add("REGISTER");
    m.sipResponses.add(statusClass(401));
    m.registrations.set(3);
    m.rtpPackets.inc({ direction: "sent" }, 500);
    m.rtpSendErrors.inc(0);
    const text = await m.registry.metrics();
    expect(text).toContain('cc_sip_requests_total{method="REGISTER"} 1');
    expect(text).toContain('cc_sip_responses_total{class="4xx"} 1');
    expect(text).toContain("cc_sip_registrations 3");
    expect(text).toContain('cc_rtp_packets_total{direction="sent"} 500');
    expect(text).toContain("cc_rtp_send_errors_total 0");
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("MUST allow two independent registries (tests, restarts)", () => {
    expect(() => {
      createMetrics();
      createMetrics();
    }).not.toThrow();
  });

  it("X6: MUST count every SIP method and status class a peer sends, and keep adding across scrapes", async () => {
    const m = createMetrics();
    const sip = sipCounting(m);
    sip.request("INVITE");
    sip.request("INVITE");
    for (let i = 0; i < 70; i++) sip.request(`X${i}`);
    sip.request("X69");
    sip.response(180);
    sip.response(699);
    let text = await m.registry.metrics();
    expect(text).toContain('cc_sip_requests_total{method="INVITE"} 2');
    expect(text).toContain('cc_sip_requests_total{method="X0"} 1');
    expect(text).toContain('cc_sip_requests_total{method="X69"} 2');
    expect(text).toContain('cc_sip_responses_total{class="1xx"} 1');
    expect(text).toContain('cc_sip_responses_total{class="6xx"} 1');
    // Counts keep adding up across scrapes (the tally is handed to the counter, not shown twice).
    sip.request("INVITE");
    text = await m.registry.metrics();
    expect(text).toContain('cc_sip_requests_total{method="INVITE"} 3');
    expect(text).toContain('cc_sip_requests_total{method="X0"} 1');
  });
});
