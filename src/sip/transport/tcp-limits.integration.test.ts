import { afterEach, describe, expect, it } from "bun:test";
import type { Socket } from "bun";
import { silentLogger } from "../../lib/index.ts";
import { TcpTransport } from "./tcp-transport.ts";

const OPTIONS = (n: number) =>
  `OPTIONS sip:cc.test SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bK${n}\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: c${n}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

let transport: TcpTransport | undefined;
const sockets: Socket<{ closed: boolean }>[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.end();
  transport?.close();
});

async function open(port: number): Promise<Socket<{ closed: boolean }>> {
  const s = await Bun.connect<{ closed: boolean }>({
    hostname: "127.0.0.1", port, data: { closed: false },
    socket: { data() {}, close(sock) { sock.data.closed = true; }, error() {} },
  });
  sockets.push(s);
  return s;
}

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await Bun.sleep(20);
  return cond();
};

describe("SIP over TCP under idle and crowding peers (T9, issue 11)", () => {
  it("T9: MUST refuse inbound connections over the per-address cap, and accept again when some close", async () => {
    transport = new TcpTransport(() => {}, silentLogger, 65535, undefined, { firstMessageMs: 60_000, idleMs: 60_000, perAddress: 5, total: 100 }).listen("127.0.0.1", 0);
    const conns: Socket<{ closed: boolean }>[] = [];
    for (let i = 0; i < 8; i++) conns.push(await open(transport.port));
    await until(() => conns.filter((c) => c.data.closed).length === 3, 2000);
    expect(conns.filter((c) => c.data.closed)).toHaveLength(3);
    expect(transport.connections).toBe(5);
    conns[0]!.end();
    await until(() => transport!.connections === 4, 2000);
    const again = await open(transport.port);
    await Bun.sleep(200);
    expect(again.data.closed).toBe(false);
  });

  it("T9: MUST close a connection that sends no complete message in time (slow loris), and keep one that talks", async () => {
    const got: string[] = [];
    transport = new TcpTransport((bytes) => got.push(Buffer.from(bytes).toString().slice(0, 7)), silentLogger, 65535, undefined, {
      firstMessageMs: 300, idleMs: 60_000, perAddress: 10, total: 100,
    }).listen("127.0.0.1", 0);
    const loris = await open(transport.port);
    loris.write("OPTIONS sip:cc.test SIP/2.0\r\nVia: SIP/2.0/TCP 1"); // never finished
    const talker = await open(transport.port);
    talker.write(OPTIONS(1));
    expect(await until(() => loris.data.closed, 3000)).toBe(true);
    expect(talker.data.closed).toBe(false);
    expect(got).toEqual(["OPTIONS"]);
  });

  it("T9: MUST close a connection silent for longer than the idle limit", async () => {
    transport = new TcpTransport(() => {}, silentLogger, 65535, undefined, { firstMessageMs: 60_000, idleMs: 300, perAddress: 10, total: 100 }).listen("127.0.0.1", 0);
    const quiet = await open(transport.port);
    quiet.write(OPTIONS(2));
    expect(await until(() => quiet.data.closed, 3000)).toBe(true);
  });
});
