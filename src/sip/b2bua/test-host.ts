import { Event, FakeClock, silentLogger } from "../../lib/index.ts";
import { parseMessage, type SipMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import type { ClientTransaction, ClientTransactionHandlers, ServerTransaction } from "../transaction/index.ts";
import type { UaHost } from "./ua-host.ts";
import { UserAgent } from "./user-agent.ts";

/** Test-only: a UserAgent over a fake host and fake server transactions, with a fake clock. */
export const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
export const carrier = { transport: "udp" as const, address: "192.0.2.1", port: 5060 };

export function invite(extra: string[], cseq = 1): SipRequest {
  return parseMessage(
    [
      "INVITE sip:15880000@192.0.2.10 SIP/2.0",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKst1",
      "From: <sip:01012345678@192.0.2.1>;tag=c1",
      "To: <sip:15880000@192.0.2.10>",
      "Call-ID: st-1",
      `CSeq: ${cseq} INVITE`,
      "Contact: <sip:carrier@192.0.2.1:5060>",
      ...extra,
      "Content-Type: application/sdp",
      `Content-Length: ${SDP.length}`,
      "",
      SDP,
    ].join("\r\n"),
  ) as SipRequest;
}

/** A UserAgent over a fake host: requests it sends wait in `requests` for the test to answer. */
export function harness() {
  const clock = new FakeClock();
  const requests: { request: SipRequest; handlers: ClientTransactionHandlers }[] = [];
  const sent: SipMessage[] = [];
  const host: Omit<UaHost, "bind" | "unbind"> = {
    clock, log: silentLogger,
    request: (request, _target, handlers) => (requests.push({ request, handlers }), {} as ClientTransaction),
    send: (m) => void sent.push(m),
    localHostPort: () => ({ host: "192.0.2.10", port: 5060 }),
  };
  const ua = new UserAgent(host);
  const serverTx = (request: SipRequest) => {
    const responses: SipResponse[] = [];
    const tx = { request, respond: (r: SipResponse) => void responses.push(r), onCancel: new Event<[]>() } as unknown as ServerTransaction;
    return { tx, responses };
  };
  return { clock, requests, sent, ua, serverTx };
}

