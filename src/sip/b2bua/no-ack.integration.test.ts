import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { FakeClock, randomToken } from "../../lib/index.ts";
import type { SipServer } from "../sip-server.ts";
import { testSipServer } from "../testing/test-server.ts";
import { TestUa } from "../testing/test-ua.ts";
import type { CallEnd } from "./call-state.ts";

const SDP = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 40000 RTP/AVP 0", "a=sendrecv", ""].join("\r\n");

/**
 * Issue 15 (C11) over the wire: a carrier (the project's SIP test client) that never ACKs our 200 OK.
 * The SIP server runs on a fake clock, so 64·T1 passes at once; the packets are real UDP on 127.0.0.1.
 */
describe("a 200 OK never acknowledged, over UDP (RFC 3261 §13.3.1.4, C11)", () => {
  const clock = new FakeClock();
  let sip: SipServer;
  beforeAll(async () => {
    sip = testSipServer({ clock, routing: { isApplianceNumber: (user) => user === "15880000", isTrustedPeer: (address) => address === "127.0.0.2" } });
    await sip.start();
  });
  afterAll(() => sip.stop());

  it("C11: MUST retransmit the 200 OK, then send BYE after 64·T1 and end the call with cause no-ack", async () => {
    const carrier = await TestUa.udp(sip.port, "127.0.0.2");
    const ended: CallEnd[] = [];
    const unsubscribe = sip.ua.onIncomingCall.subscribe((call) => {
      call.onEnded.subscribe((e) => void ended.push(e));
      void call.answer(SDP);
    });
    try {
      const callId = `${randomToken(10)}@noack`;
      carrier.request({
        method: "INVITE", uri: `sip:15880000@127.0.0.1:${sip.port}`, from: "<sip:0107@127.0.0.2>;tag=n", to: "<sip:15880000@127.0.0.1>",
        callId, contact: `<${carrier.contactUri}>`, headers: [["Content-Type", "application/sdp"]], body: SDP,
      });
      expect((await carrier.response(callId, 200, "INVITE", 3000))?.status).toBe(200);
      // No ACK: the 200 OK comes again from T1 (doubling up to T2) …
      for (let i = 0; i < 4; i++) clock.advance(1000);
      expect((await carrier.response(callId, 200, "INVITE", 2000))?.status).toBe(200);
      expect(ended).toEqual([]);
      // … and at 64·T1 the appliance gives up: BYE on the wire, the call ended as no-ack.
      for (let i = 0; i < 28; i++) clock.advance(1000);
      const bye = await carrier.requestOf("BYE", 3000);
      expect(bye?.headers.get("call-id")).toBe(callId);
      expect(ended).toEqual([{ by: "local", cause: "no-ack" }]);
    } finally {
      unsubscribe();
      carrier.close();
    }
  });
});
