import type { Socket } from "bun";
import { Event, FakeClock, randomToken, silentLogger } from "../../lib/index.ts";
import { createResponse, parseMessage, parseParams, StreamFramer, type SipMessage, type SipRequest, type SipResponse } from "../message/index.ts";
import { Proxy, type ProxyHost } from "../proxy/index.ts";
import { Registrar } from "../registrar/index.ts";
import type { ClientTransaction, ClientTransactionHandlers, ServerTransaction } from "../transaction/index.ts";
import type { Endpoint } from "../transport/index.ts";
import { MemoryLocationStore } from "./memory-stores.ts";

/** Test-only helpers: build SIP requests as a phone would, answer digest challenges, and a tiny UA over real sockets. */

export interface RequestSpec {
  method: string;
  uri: string;
  from: string;
  to: string;
  callId?: string;
  cseq?: number;
  transport?: "UDP" | "TCP" | "WS";
  /** Via sent-by host:port. */
  sentBy?: string;
  branch?: string;
  contact?: string;
  maxForwards?: number;
  headers?: Array<[string, string]>;
  body?: string;
}

/** Wire text of a request (always with Content-Length). */
export function buildRequest(spec: RequestSpec): string {
  const lines = [
    `${spec.method} ${spec.uri} SIP/2.0`,
    `Via: SIP/2.0/${spec.transport ?? "UDP"} ${spec.sentBy ?? "192.0.2.10:5060"};branch=${spec.branch ?? `z9hG4bK${randomToken(12)}`};rport`,
    `Max-Forwards: ${spec.maxForwards ?? 70}`,
    `From: ${spec.from}`,
    `To: ${spec.to}`,
    `Call-ID: ${spec.callId ?? `${randomToken(12)}@test`}`,
    `CSeq: ${spec.cseq ?? 1} ${spec.method}`,
  ];
  if (spec.contact) lines.push(`Contact: ${spec.contact}`);
  for (const [name, value] of spec.headers ?? []) lines.push(`${name}: ${value}`);
  const body = spec.body ?? "";
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/** A parsed request (for unit tests that call the code directly). */
export function makeRequest(spec: RequestSpec): SipRequest {
  const message = parseMessage(buildRequest(spec));
  if (message.kind !== "request") throw new Error("not a request");
  return message;
}

/** Parameters of a `Digest` challenge. */
export function parseChallenge(value: string): Map<string, string | null> {
  return parseParams(value.replace(/^\s*Digest\s+/i, "").replace(/,/g, ";"));
}

export function hexHash(algorithm: "MD5" | "SHA-256", text: string): string {
  return new Bun.CryptoHasher(algorithm === "MD5" ? "md5" : "sha256").update(text).digest("hex");
}

export interface DigestAnswer {
  challenge: string;
  method: string;
  uri: string;
  username: string;
  password: string;
  nc?: number;
  cnonce?: string;
  /** Override the computed response (forgery tests). */
  response?: string;
}

/** An Authorization / Proxy-Authorization value answering `challenge` with qop=auth (RFC 3261 §22.4, RFC 8760). */
export function digestAnswer(a: DigestAnswer): string {
  const c = parseChallenge(a.challenge);
  const realm = c.get("realm") ?? "";
  const nonce = c.get("nonce") ?? "";
  const algorithm = (c.get("algorithm") ?? "MD5").toUpperCase() === "SHA-256" ? "SHA-256" : "MD5";
  const nc = (a.nc ?? 1).toString(16).padStart(8, "0");
  const cnonce = a.cnonce ?? randomToken(8);
  const ha1 = hexHash(algorithm, `${a.username}:${realm}:${a.password}`);
  const ha2 = hexHash(algorithm, `${a.method}:${a.uri}`);
  const response = a.response ?? hexHash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${a.username}", realm="${realm}", nonce="${nonce}", uri="${a.uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

type Matcher = (m: SipMessage) => boolean;

/** A minimal phone over a real socket: sends text, collects parsed messages, waits with a bound. */
export class TestUa {
  readonly inbox: SipMessage[] = [];
  private waiters: Array<{ match: Matcher; resolve: (m: SipMessage | undefined) => void }> = [];
  private closer: () => void = () => {};
  private sender: (text: string) => void = () => {};
  /** Raw CRLF keep-alive answers received (TCP). */
  pongs = 0;
  localAddress = "127.0.0.1";
  localPort = 0;
  transport: "UDP" | "TCP" = "UDP";

  /** A UA on UDP bound to `host` (127.0.0.2 works on Linux loopback), talking to the server at port. */
  static async udp(serverPort: number, host = "127.0.0.1"): Promise<TestUa> {
    const ua = new TestUa();
    const socket = await Bun.udpSocket({
      hostname: host,
      socket: { data: (_s, data) => ua.deliver(data) },
    });
    ua.localAddress = host;
    ua.localPort = socket.port;
    ua.sender = (text) => void socket.send(text, serverPort, "127.0.0.1");
    ua.closer = () => socket.close();
    return ua;
  }

  /** A UA on one TCP connection to the server. */
  static async tcp(serverPort: number): Promise<TestUa> {
    const ua = new TestUa();
    ua.transport = "TCP";
    const framer = new StreamFramer();
    const socket: Socket<undefined> = await Bun.connect({
      hostname: "127.0.0.1",
      port: serverPort,
      socket: {
        data: (_s, chunk) => {
          for (const unit of framer.push(chunk)) {
            if (unit.type === "message") ua.deliver(unit.bytes);
            else ua.pongs++;
          }
        },
      },
    });
    ua.localPort = socket.localPort;
    ua.sender = (text) => void socket.write(text);
    ua.closer = () => socket.end();
    return ua;
  }

  /** host:port for Via and Contact. */
  get hostPort(): string {
    return `${this.localAddress}:${this.localPort}`;
  }

  get contactUri(): string {
    return `sip:ua@${this.hostPort}${this.transport === "TCP" ? ";transport=tcp" : ""}`;
  }

  send(text: string): void {
    this.sender(text);
  }

  /** Send a request built from spec with this UA's Via and transport. */
  request(spec: Omit<RequestSpec, "transport" | "sentBy">): void {
    this.send(buildRequest({ ...spec, transport: this.transport, sentBy: this.hostPort }));
  }

  /** Answer a received request with `status` (copies Via, From, To, Call-ID, CSeq). */
  reply(request: SipRequest, status: number, toTag: string, extra: Array<[string, string]> = []): void {
    const lines = [`SIP/2.0 ${status} Whatever`];
    for (const via of request.headers.getAll("via")) lines.push(`Via: ${via}`);
    for (const rr of request.headers.getAll("record-route")) lines.push(`Record-Route: ${rr}`);
    const to = request.headers.get("to")!;
    lines.push(`From: ${request.headers.get("from")}`, `To: ${/;tag=/.test(to) ? to : `${to};tag=${toTag}`}`);
    lines.push(`Call-ID: ${request.headers.get("call-id")}`, `CSeq: ${request.headers.get("cseq")}`);
    for (const [n, v] of extra) lines.push(`${n}: ${v}`);
    lines.push("Content-Length: 0");
    this.send(`${lines.join("\r\n")}\r\n\r\n`);
  }

  /** The first message (already received or arriving within timeoutMs) that matches; removed from the inbox. */
  next(match: Matcher, timeoutMs = 1500): Promise<SipMessage | undefined> {
    const at = this.inbox.findIndex(match);
    if (at >= 0) return Promise.resolve(this.inbox.splice(at, 1)[0]);
    return new Promise((resolve) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, timeoutMs);
    });
  }

  /** The next response with `status` to the request with this Call-ID and CSeq method. */
  async response(callId: string, status: number, method?: string, timeoutMs?: number): Promise<SipResponse | undefined> {
    const m = await this.next(
      (msg) => msg.kind === "response" && msg.status === status && msg.headers.get("call-id") === callId && (!method || msg.headers.get("cseq")!.endsWith(method)),
      timeoutMs,
    );
    return m as SipResponse | undefined;
  }

  async requestOf(method: string, timeoutMs?: number): Promise<SipRequest | undefined> {
    return (await this.next((m) => m.kind === "request" && m.method === method, timeoutMs)) as SipRequest | undefined;
  }

  close(): void {
    this.closer();
  }

  private deliver(data: Uint8Array): void {
    let message: SipMessage;
    try {
      message = parseMessage(data);
    } catch {
      return;
    }
    const waiter = this.waiters.find((w) => w.match(message));
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(message);
    } else this.inbox.push(message);
  }
}

// ---- Proxy fakes (unit tests of src/sip/proxy: no sockets) ----

/** Test-only: a ProxyHost that records client transactions and stateless sends. */
export class FakeProxyHost implements ProxyHost {
  readonly clock = new FakeClock();
  readonly log = silentLogger;
  readonly requests: Array<{ request: SipRequest; target: Endpoint; handlers: ClientTransactionHandlers }> = [];
  readonly sent: Array<{ message: SipMessage; target: Endpoint }> = [];

  request(request: SipRequest, target: Endpoint, handlers: ClientTransactionHandlers): ClientTransaction {
    this.requests.push({ request, target, handlers });
    return { id: `c${this.requests.length}`, request, onTerminated: new Event<[]>(), state: "Calling" };
  }

  send(message: SipMessage, target: Endpoint): void {
    this.sent.push({ message, target });
  }

  localHostPort(): { host: string; port: number } {
    return { host: "192.0.2.1", port: 5060 };
  }

  isLocalUri(uri: string): boolean {
    return /^sips?:(?:[^@]*@)?192\.0\.2\.1(:5060)?([;>]|$)/.test(uri);
  }

  /** Client requests of a method (INVITE branches, CANCELs). */
  of(method: string) {
    return this.requests.filter((r) => r.request.method === method);
  }
}

/** Test-only: a server transaction that records what the proxy answers upstream. */
export class FakeServerTransaction implements ServerTransaction {
  readonly responses: SipResponse[] = [];
  readonly onCancel = new Event<[SipRequest]>();
  readonly onTerminated = new Event<[]>();
  readonly id = "server-1";
  cancelled = false;
  state = "Proceeding";
  constructor(
    readonly request: SipRequest,
    readonly source: Endpoint = { transport: "udp", address: "203.0.113.1", port: 5062 },
  ) {}
  respond(response: SipResponse): void {
    this.responses.push(response);
  }
  respondStatelessly(response: SipResponse): void {
    this.responses.push(response);
    this.state = "Terminated";
  }
  get statuses(): number[] {
    return this.responses.map((r) => r.status);
  }
}

export const CALLER: Endpoint = { transport: "udp", address: "203.0.113.1", port: 5062 };

/** A proxy over a real registrar with extensions 1001–1003; 1002 has the given contacts (by source). */
export function proxySetup(contacts: Endpoint[] = [], ringTimeoutMs = 60_000) {
  const host = new FakeProxyHost();
  const registrar = new Registrar({ store: new MemoryLocationStore(), clock: host.clock, log: silentLogger, minExpires: 60, maxExpires: 3600, defaultExpires: 600 });
  contacts.forEach((source, i) => {
    const contact = `<sip:1002@${source.address}:${source.port}${source.transport === "tcp" ? ";transport=tcp" : ""}>`;
    const reg = makeRequest({ method: "REGISTER", uri: "sip:cc.test", from: "<sip:1002@cc.test>;tag=r", to: "<sip:1002@cc.test>", callId: `reg${i}`, contact });
    registrar.register(reg, "1002", source);
  });
  const proxy = new Proxy({ host, registrar, extensionExists: (e) => ["1001", "1002", "1003"].includes(e), ringTimeoutMs });
  return { host, registrar, proxy };
}

/** An out-of-dialog INVITE from 1001 (at CALLER) to `to`. */
export function invite(to = "1002", extra: Array<[string, string]> = [], maxForwards = 70): SipRequest {
  return makeRequest({
    method: "INVITE",
    uri: `sip:${to}@cc.test`,
    from: "<sip:1001@cc.test>;tag=caller",
    to: `<sip:${to}@cc.test>`,
    callId: "call-1",
    sentBy: `${CALLER.address}:${CALLER.port}`,
    contact: `<sip:1001@${CALLER.address}:${CALLER.port}>`,
    maxForwards,
    headers: [["Proxy-Authorization", 'Digest username="1001"'], ...extra],
  });
}

/** The callee's response to a forwarded request. */
export function answer(request: SipRequest, status: number, toTag = "callee"): SipResponse {
  const response = createResponse(request, status, undefined, toTag);
  if (status >= 200 && status < 300) response.headers.append("contact", "<sip:1002@198.51.100.2:5060>");
  return response;
}
