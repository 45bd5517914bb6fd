import { describe, expect, it } from "bun:test";
import { countBy, createMetrics, statusClass } from "./metrics.ts";

describe("metrics (X6)", () => {
  it("X6: MUST expose default process metrics, the SIP counters and the RTP counters", async () => {
    const m = createMetrics();
    m.sipRequests.inc({ method: "REGISTER" });
    m.sipResponses.inc({ class: statusClass(401) });
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

  it("X6: counting by label value MUST count every value, also past the cached ones (peers choose SIP methods)", async () => {
    const m = createMetrics();
    const count = countBy(m.sipRequests, "method");
    count("INVITE");
    count("INVITE");
    for (let i = 0; i < 70; i++) count(`X${i}`);
    count("X69");
    const text = await m.registry.metrics();
    expect(text).toContain('cc_sip_requests_total{method="INVITE"} 2');
    expect(text).toContain('cc_sip_requests_total{method="X0"} 1');
    expect(text).toContain('cc_sip_requests_total{method="X69"} 2');
  });
});
