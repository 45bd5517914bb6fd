import type { Socket, TCPSocketListener } from "bun";
import type { Logger } from "../../lib/index.ts";
import { randomToken } from "../../lib/index.ts";
import { StreamFramer } from "../message/index.ts";
import type { Endpoint } from "./endpoint.ts";
import type { InboundHandler, Transport } from "./transport.ts";

interface Connection {
  id: string;
  framer: StreamFramer;
  pending: Uint8Array[];
  socket?: Socket<Connection>;
  remote: string;
}

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

  /** With `tls` this is SIP over TLS (RFC 3261 §26.2, T2): the same framing inside TLS. */
  constructor(
    private readonly onMessage: InboundHandler,
    private readonly log: Logger,
    private readonly maxMessageSize = 65535,
    private readonly tls?: { cert: string; key: string },
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
    return this;
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
    if (!conn.socket) {
      conn.pending.push(bytes);
      return true;
    }
    return this.write(conn, bytes);
  }

  close(): void {
    for (const conn of this.byId.values()) conn.socket?.end();
    this.listener?.stop(true);
  }

  private connect(target: Endpoint): Connection {
    const conn = this.register(`${target.address}:${target.port}`);
    Bun.connect<Connection>({ hostname: target.address, port: target.port, socket: this.handlers(), data: conn, ...(this.tls ? { tls: true } : {}) }).catch((error) => {
      this.log.debug({ err: String(error), target: conn.remote }, "tcp connect failed");
      this.drop(conn);
    });
    return conn;
  }

  private register(remote: string): Connection {
    const conn: Connection = { id: `${this.name}-${randomToken(10)}`, framer: new StreamFramer(this.maxMessageSize), pending: [], remote };
    this.byId.set(conn.id, conn);
    this.byRemote.set(remote, conn);
    return conn;
  }

  private drop(conn: Connection): void {
    this.byId.delete(conn.id);
    if (this.byRemote.get(conn.remote) === conn) this.byRemote.delete(conn.remote);
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

  private handlers() {
    return {
      open: (socket: Socket<Connection>) => {
        const conn = socket.data ?? this.register(`${socket.remoteAddress}:${(socket as unknown as { remotePort: number }).remotePort}`);
        socket.data = conn;
        conn.socket = socket;
        const queued = conn.pending.splice(0);
        for (const bytes of queued) this.write(conn, bytes);
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
        for (const unit of units) {
          if (unit.type === "ping") this.write(conn, Buffer.from("\r\n"));
          else if (unit.type === "message") this.onMessage(unit.bytes, { transport: this.name, address, port, connectionId: conn.id });
        }
      },
      drain: (socket: Socket<Connection>) => {
        const conn = socket.data;
        const queued = conn.pending.splice(0);
        for (const bytes of queued) this.write(conn, bytes);
      },
      close: (socket: Socket<Connection>) => {
        if (socket.data) this.drop(socket.data);
      },
      error: (socket: Socket<Connection>, error: Error) => {
        this.log.debug({ err: String(error) }, "tcp socket error");
        if (socket.data) this.drop(socket.data);
      },
    };
  }
}

function splitRemote(remote: string): [string, number] {
  const colon = remote.lastIndexOf(":");
  const host = remote.slice(0, colon);
  return [host.startsWith("::ffff:") ? host.slice(7) : host, Number(remote.slice(colon + 1))];
}
