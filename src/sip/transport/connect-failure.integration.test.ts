import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCertificate, silentLogger } from "../../lib/index.ts";
import { parseMessage, type SipResponse } from "../message/index.ts";
import type { Endpoint } from "./endpoint.ts";
import { TcpTransport } from "./tcp-transport.ts";
import { isTransportError } from "./transport.ts";

const REGISTER = (via: string) =>
  `REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/${via} 127.0.0.1:5061;branch=z9hG4bKcf${via}\r\nFrom: <sip:1001@127.0.0.1>;tag=1\r\n` +
  `To: <sip:1001@127.0.0.1>\r\nCall-ID: cf-${via}\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`;

/** A transport that records what it hands up, with when. */
function recording(tls?: { cert: string; key: string }) {
  const got: { at: number; response: SipResponse; source: Endpoint }[] = [];
  const t = new TcpTransport((bytes, source) => void got.push({ at: Date.now(), response: parseMessage(bytes) as SipResponse, source }), silentLogger, 65535, tls);
  return { t: t.listen("127.0.0.1", 0), got };
}

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await Bun.sleep(10);
  return cond();
};

describe("a connection that cannot be made fails its requests at once (RFC 3261 §8.1.3.1, §18.4; issue 16)", () => {
  let dir: string;
  let files: { cert: string; key: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cc-connect-failure-"));
    files = await ensureCertificate(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("T7: a TLS peer whose certificate is not trusted MUST get nothing, and the request MUST get a 503 Transport Error at once", async () => {
    const peerGot: string[] = [];
    // The "carrier": a TLS listener with a self-signed certificate nobody trusts.
    const peer = Bun.listen<undefined>({ hostname: "127.0.0.1", port: 0, tls: files, socket: { data: (_s, d) => void peerGot.push(d.toString()) } });
    const { t, got } = recording(files);
    try {
      const sentAt = Date.now();
      expect(t.send(REGISTER("TLS"), { transport: "tls", address: "127.0.0.1", port: peer.port })).toBe(true);
      expect(await until(() => got.length > 0, 3000)).toBe(true);
      const [answer] = got;
      expect(answer!.at - sentAt).toBeLessThan(2000);
      expect(answer!.response).toMatchObject({ kind: "response", status: 503 });
      expect(isTransportError(answer!.response)).toBe(true);
      expect(answer!.response.headers.get("call-id")).toBe("cf-TLS");
      expect(answer!.source).toMatchObject({ transport: "tls", address: "127.0.0.1", port: peer.port });
      await Bun.sleep(100);
      expect(peerGot.join("")).not.toContain("REGISTER"); // nothing was written to the untrusted peer
      expect(t.connections).toBe(0);
    } finally {
      t.close();
      peer.stop(true);
    }
  });

  it("T7: a refused TCP connection MUST answer each waiting request with a 503 at once (an ACK gets none), and the transport keeps working", async () => {
    const closed = Bun.listen<undefined>({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = closed.port;
    closed.stop(true); // nobody listens there now
    const { t, got } = recording();
    try {
      const to: Endpoint = { transport: "tcp", address: "127.0.0.1", port };
      t.send(REGISTER("TCP"), to);
      t.send(REGISTER("TCP").replace("REGISTER sip", "ACK sip").replace("1 REGISTER", "1 ACK"), to);
      expect(await until(() => got.length > 0, 3000)).toBe(true);
      await Bun.sleep(100);
      expect(got.map((g) => [g.response.status, g.response.reason])).toEqual([[503, "Transport Error"]]);
      // A later request tries again (a new connection), and fails the same way.
      t.send(REGISTER("TCP"), to);
      expect(await until(() => got.length === 2, 3000)).toBe(true);
    } finally {
      t.close();
    }
  });
});
