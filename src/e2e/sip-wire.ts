/**
 * Raw SIP on the wire for end-to-end tests: one request over UDP (from a chosen source
 * address) or TCP, collecting what comes back within a bounded time; an OPTIONS builder.
 */

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface SipReply {
  status: number;
  text: string;
}

/** First line's status code of a SIP response, or 0. */
export function statusOf(text: string): number {
  const m = /^SIP\/2\.0 (\d{3})/.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * Send `message` over UDP from a fresh socket bound to `bindAddress` and collect the
 * datagrams that come back within `waitMs` (stops early at the first final response
 * unless `all`). `message` may contain `{{LOCAL_PORT}}` / `{{LOCAL_IP}}` placeholders.
 */
export async function udpExchange(
  message: string | Uint8Array,
  target: { host: string; port: number },
  { bindAddress = "127.0.0.1", waitMs = 2000, all = false, localPort = 0 } = {},
): Promise<SipReply[]> {
  const replies: SipReply[] = [];
  let resolveFinal: () => void = () => {};
  const final = new Promise<void>((r) => (resolveFinal = r));
  const sock = await Bun.udpSocket({
    hostname: bindAddress,
    port: localPort,
    socket: {
      data(_s, buf) {
        const text = Buffer.from(buf).toString("latin1");
        const status = statusOf(text);
        replies.push({ status, text });
        if (status >= 200 && !all) resolveFinal();
      },
      // ICMP port unreachable (peer not listening yet) surfaces as ECONNREFUSED: no answer.
      error() {},
    },
  });
  try {
    const payload =
      typeof message === "string"
        ? message.replaceAll("{{LOCAL_PORT}}", String(sock.port)).replaceAll("{{LOCAL_IP}}", bindAddress)
        : message;
    sock.send(payload, target.port, target.host);
    await Promise.race([final, sleep(waitMs)]);
  } finally {
    sock.close();
  }
  return replies;
}

/**
 * Send `message` over a fresh TCP connection and collect what comes back within `waitMs`
 * (stops early at the first final response unless `all`).
 */
export async function tcpExchange(
  message: string | Uint8Array,
  target: { host: string; port: number },
  { waitMs = 2000, all = false } = {},
): Promise<{ replies: SipReply[]; raw: string; closedByPeer: boolean }> {
  let raw = "";
  let closedByPeer = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const sock = await Bun.connect({
    hostname: target.host,
    port: target.port,
    socket: {
      data(_s, buf) {
        raw += Buffer.from(buf).toString("latin1");
        if (!all && /^SIP\/2\.0 [2-6]\d\d/m.test(raw)) resolveDone();
      },
      close() {
        closedByPeer = true;
        resolveDone();
      },
      error() {
        closedByPeer = true;
        resolveDone();
      },
    },
  });
  try {
    const payload =
      typeof message === "string"
        ? message.replaceAll("{{LOCAL_PORT}}", String(sock.localPort)).replaceAll("{{LOCAL_IP}}", "127.0.0.1")
        : message;
    sock.write(payload);
    await Promise.race([done, sleep(waitMs)]);
  } finally {
    sock.end();
  }
  const replies = raw
    .split(/(?=^SIP\/2\.0 \d{3})/m)
    .filter((t) => t.startsWith("SIP/2.0"))
    .map((text) => ({ status: statusOf(text), text }));
  return { replies, raw, closedByPeer };
}

/** An OPTIONS request (RFC 3261 §11) for {@link udpExchange}/{@link tcpExchange}. */
export function optionsRequest(
  target: { host: string; port: number },
  { transport = "UDP", userAgent = "cc-e2e" }: { transport?: "UDP" | "TCP"; userAgent?: string } = {},
): string {
  const id = crypto.randomUUID();
  return [
    `OPTIONS sip:${target.host}:${target.port} SIP/2.0`,
    `Via: SIP/2.0/${transport} {{LOCAL_IP}}:{{LOCAL_PORT}};branch=z9hG4bK${id.slice(0, 8)};rport`,
    "Max-Forwards: 70",
    `From: <sip:probe@{{LOCAL_IP}}>;tag=${id.slice(9, 13)}`,
    `To: <sip:${target.host}>`,
    `Call-ID: ${id}`,
    "CSeq: 1 OPTIONS",
    `User-Agent: ${userAgent}`,
    "Accept: application/sdp",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}
