import type { Socket, TCPSocketListener } from "bun";
import type { Logger } from "../../lib/index.ts";
import { randomToken } from "../../lib/index.ts";
import { createResponse, parseMessage, serializeMessage, StreamFramer } from "../message/index.ts";
import type { Endpoint } from "./endpoint.ts";
import { TRANSPORT_ERROR_REASON, type InboundHandler, type Transport } from "./transport.ts";

interface Connection {
  id: string;
  framer: StreamFramer;
  pending: Uint8Array[];
  socket?: Socket<Connection>;
  /** Messages may be written: open (TCP), or past a trusted TLS handshake (our TLS connections). */
  ready: boolean;
  remote: string;
  /** Opened by a peer (not by us); only those count against the caps and the first-message deadline. */
  inbound: boolean;
  openedAt: number;
  /** When the last complete message or keep-alive arrived (0: none yet). */
  lastUnitAt: number;
}

/**
 * Bounds that keep idle or slow peers from exhausting the process's file descriptors (T9): the
 * web side must always have room.
 */
export interface TcpLimits {
  /** An inbound connection must deliver a complete message within this (slow-loris), ms. */
  firstMessageMs: number;
  /** A connection with no message or keep-alive for this long is closed, ms. */
  idleMs: number;
  /** Inbound connections from one address. */
  perAddress: number;
  /** Inbound connections in all. */
  total: number;
}

export const DEFAULT_TCP_LIMITS: TcpLimits = { firstMessageMs: 20_000, idleMs: 3_900_000, perAddress: 64, total: 1000 };

/**
 * SIP over TCP (RFC 3261 §18.3): a stream framed by Content-Length; answers CRLFCRLF pings
 * with CRLF (RFC 5626 §3.5.1). Connections are kept by id and by remote address, so
 * responses and calls to a phone reuse the connection it opened.
 */
export class TcpTransport implements Transport {
  readonly name: "tcp" | "tls";
  private readonly byId = new Map<string, Connection>();
  private readonly byRemote = new Map<string, Connection>();
  private listener?: TCPSocketListener<Connection>;
  private readonly perAddress = new Map<string, number>();
  private inboundCount = 0;
  private sweeper?: ReturnType<typeof setInterval>;

  /** With `tls` this is SIP over TLS (RFC 3261 §26.2, T2): the same framing inside TLS. */
  constructor(
    private readonly onMessage: InboundHandler,
    private readonly log: Logger,
    private readonly maxMessageSize = 65535,
    private readonly tls?: { cert: string; key: string },
    private readonly limits: TcpLimits = DEFAULT_TCP_LIMITS,
  ) {
    this.name = tls ? "tls" : "tcp";
  }

  listen(hostname: string, port: number): this {
    this.listener = Bun.listen<Connection>({
      hostname,
      port,
      socket: this.handlers(),
      ...(this.tls ? { tls: this.tls } : {}),
    });
    const every = Math.max(50, Math.min(5000, Math.min(this.limits.firstMessageMs, this.limits.idleMs) / 4));
    this.sweeper = setInterval(() => this.sweep(), every);
    (this.sweeper as { unref?: () => void }).unref?.();
    return this;
  }

  /** Close connections past their first-message deadline or idle too long. */
  private sweep(): void {
    const now = Date.now();
    for (const conn of this.byId.values()) {
      const silentSince = conn.lastUnitAt || conn.openedAt;
      const deadline = conn.lastUnitAt === 0 && conn.inbound ? this.limits.firstMessageMs : this.limits.idleMs;
      if (now - silentSince > deadline) {
        this.log.info({ security: "tcp-timeout", remote: conn.remote, idleMs: now - silentSince }, "closing a silent SIP connection");
        conn.socket?.end();
        this.drop(conn);
      }
    }
  }

  get port(): number {
    return this.listener?.port ?? 0;
  }

  get connections(): number {
    return this.byId.size;
  }

  send(data: string | Uint8Array, target: Endpoint): boolean {
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    let conn = (target.connectionId && this.byId.get(target.connectionId)) || this.byRemote.get(`${target.address}:${target.port}`);
    if (!conn) conn = this.connect(target);
    if (!conn.ready) {
      conn.pending.push(bytes);
      return true;
    }
    return this.write(conn, bytes);
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const conn of this.byId.values()) conn.socket?.end();
    this.listener?.stop(true);
  }

  private connect(target: Endpoint): Connection {
    const conn = this.register(`${target.address}:${target.port}`);
    Bun.connect<Connection>({ hostname: target.address, port: target.port, socket: this.handlers(), data: conn, ...(this.tls ? { tls: true } : {}) }).catch((error) => {
      this.failConnect(conn, String(error));
    });
    return conn;
  }

  /**
   * A connection we opened failed before it could carry anything (refused, unreachable, a TLS peer
   * we do not trust): RFC 3261 §8.1.3.1 / §18.4 — a transport error is treated as a 503 at once. Each
   * request waiting on it gets a 503 "Transport Error" handed up as if received, so its client
   * transaction ends now instead of at its 64·T1 timeout (issue 16); responses and ACKs are dropped.
   */
  private failConnect(conn: Connection, why: string): void {
    if (conn.ready || !this.byId.has(conn.id)) return;
    this.log.warn({ err: why, target: conn.remote, transport: this.name }, "sip connect failed: its requests fail at once");
    this.drop(conn);
    const [address, port] = splitRemote(conn.remote);
    for (const bytes of conn.pending.splice(0)) {
      let request;
      try {
        request = parseMessage(bytes, { stream: true });
      } catch {
        continue;
      }
      if (request.kind !== "request" || request.method === "ACK") continue;
      const answer = Buffer.from(serializeMessage(createResponse(request, 503, TRANSPORT_ERROR_REASON)));
      queueMicrotask(() => this.onMessage(answer, { transport: this.name, address, port }));
    }
  }

  private register(remote: string, inbound = false): Connection {
    const conn: Connection = {
      id: `${this.name}-${randomToken(10)}`, framer: new StreamFramer(this.maxMessageSize), pending: [], remote, inbound, openedAt: Date.now(), lastUnitAt: 0, ready: false,
    };
    if (inbound) {
      const [address] = splitRemote(remote);
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
      this.inboundCount++;
    }
    this.byId.set(conn.id, conn);
    this.byRemote.set(remote, conn);
    return conn;
  }

  private drop(conn: Connection): void {
    if (!this.byId.delete(conn.id)) return;
    if (conn.inbound) {
      const [address] = splitRemote(conn.remote);
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n > 0) this.perAddress.set(address, n);
      else this.perAddress.delete(address);
      this.inboundCount--;
    }
    if (this.byRemote.get(conn.remote) === conn) this.byRemote.delete(conn.remote);
  }

  /** The connection can carry messages: write what waited for it. */
  private ready(conn: Connection): void {
    conn.ready = true;
    const queued = conn.pending.splice(0);
    for (const bytes of queued) this.write(conn, bytes);
  }

  private write(conn: Connection, bytes: Uint8Array): boolean {
    if (conn.pending.length > 0) {
      conn.pending.push(bytes);
      return true;
    }
    try {
      const written = conn.socket!.write(bytes);
      if (written < bytes.length) conn.pending.push(bytes.subarray(Math.max(0, written)));
      return true;
    } catch (error) {
      this.log.debug({ err: String(error) }, "tcp write failed");
      return false;
    }
  }

  /** Would a new inbound connection from this address pass the per-address or total cap (T9)? */
  private overLimit(remoteAddress: string): boolean {
    const address = remoteAddress.startsWith("::ffff:") ? remoteAddress.slice(7) : remoteAddress;
    const over = this.inboundCount >= this.limits.total || (this.perAddress.get(address) ?? 0) >= this.limits.perAddress;
    if (over) this.log.warn({ security: "tcp-cap", remote: address, inbound: this.inboundCount }, "refusing a SIP connection over the cap");
    return over;
  }

  private handlers() {
    return {
      open: (socket: Socket<Connection>) => {
        if (!socket.data && this.overLimit(socket.remoteAddress)) {
          socket.end();
          return;
        }
        const conn = socket.data ?? this.register(`${socket.remoteAddress}:${(socket as unknown as { remotePort: number }).remotePort}`, true);
        socket.data = conn;
        conn.socket = socket;
        // Our own TLS connections wait for the handshake: nothing is written to a peer we do not trust.
        if (this.tls && !conn.inbound) return;
        this.ready(conn);
      },
      handshake: (socket: Socket<Connection>, success: boolean, authorizationError: Error | null) => {
        const conn = socket.data;
        if (!conn || conn.inbound || conn.ready) return;
        if (success && !authorizationError) return this.ready(conn);
        this.failConnect(conn, `TLS handshake: ${String(authorizationError ?? "failed")}`);
        socket.end();
      },
      data: (socket: Socket<Connection>, chunk: Buffer) => {
        const conn = socket.data;
        let units;
        try {
          units = conn.framer.push(chunk);
        } catch (error) {
          this.log.warn({ err: String(error), remote: conn.remote }, "closing tcp connection: bad framing");
          socket.end();
          return;
        }
        const [address, port] = splitRemote(conn.remote);
        if (units.length) conn.lastUnitAt = Date.now();
        for (const unit of units) {
          if (unit.type === "ping") this.write(conn, Buffer.from("\r\n"));
          else if (unit.type === "message") this.onMessage(unit.bytes, { transport: this.name, address, port, connectionId: conn.id });
        }
      },
      drain: (socket: Socket<Connection>) => {
        const conn = socket.data;
        if (!conn?.ready) return;
        const queued = conn.pending.splice(0);
        for (const bytes of queued) this.write(conn, bytes);
      },
      close: (socket: Socket<Connection>) => {
        const conn = socket.data;
        if (conn && !conn.inbound && !conn.ready) return this.failConnect(conn, "closed before it was ready");
        if (conn?.socket === socket) this.drop(conn);
      },
      error: (socket: Socket<Connection>, error: Error) => {
        this.log.debug({ err: String(error) }, "tcp socket error");
        const conn = socket.data;
        if (conn && !conn.inbound && !conn.ready) return this.failConnect(conn, String(error));
        if (conn) this.drop(conn);
      },
    };
  }
}

function splitRemote(remote: string): [string, number] {
  const colon = remote.lastIndexOf(":");
  const host = remote.slice(0, colon);
  return [host.startsWith("::ffff:") ? host.slice(7) : host, Number(remote.slice(colon + 1))];
}
