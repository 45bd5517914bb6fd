/** T2 / RFC 7118: SIP over WebSocket on the web port's /ws, subprotocol "sip". */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { startAppliance, type Appliance } from "./harness.ts";

let app: Appliance;

beforeAll(async () => {
  app = await startAppliance();
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

/** Open /ws, send one message, resolve with the first message received (bounded). */
function exchange(message: string): Promise<{ protocol: string; reply: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${app.httpPort}/ws`, "sip");
    const timer = setTimeout(() => reject(new Error("no answer over WebSocket within 5 s")), 5000);
    ws.onopen = () => ws.send(message);
    ws.onerror = () => reject(new Error("WebSocket error"));
    ws.onmessage = (e) => {
      clearTimeout(timer);
      resolve({ protocol: ws.protocol, reply: String(e.data) });
      ws.close();
    };
  });
}

const request = (method: string, callId: string) =>
  [
    `${method} sip:127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK${callId};rport`,
    "Max-Forwards: 70",
    "From: <sip:1001@127.0.0.1>;tag=ws",
    "To: <sip:1001@127.0.0.1>",
    `Call-ID: ${callId}`,
    `CSeq: 1 ${method}`,
    "Contact: <sip:ws@df7jal23ls0d.invalid;transport=ws>",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");

describe("SIP over WebSocket (T2, RFC 7118)", () => {
  it("T2: MUST answer OPTIONS over WebSocket with the sip subprotocol", async () => {
    const { protocol, reply } = await exchange(request("OPTIONS", "wsopt1"));
    expect(protocol).toBe("sip");
    expect(reply.startsWith("SIP/2.0 200 OK")).toBe(true);
    expect(reply).toContain("received=127.0.0.1");
  });

  it("T2/T4: MUST challenge a REGISTER over WebSocket", async () => {
    const { reply } = await exchange(request("REGISTER", "wsreg1"));
    expect(reply.startsWith("SIP/2.0 401")).toBe(true);
    expect(reply).toContain('WWW-Authenticate: Digest realm="contact-center"');
  });
});
