import type { ServerWebSocket } from "bun";
import type { Logger } from "../../lib/index.ts";
import { Event, randomToken } from "../../lib/index.ts";
import type { Endpoint } from "./endpoint.ts";
import type { InboundHandler, Transport } from "./transport.ts";

/** Per-socket data the web server attaches on upgrade. */
export interface SipWsData {
  connectionId: string;
  address: string;
  port: number;
  secure: boolean;
}

/**
 * SIP over WebSocket (RFC 7118): each text or binary frame is one whole message. The web
 * server owns the listening socket; it upgrades `/ws` with subprotocol "sip" and passes
 * the socket events here.
 */
export class WsTransport implements Transport {
  readonly name = "ws" as const;
  readonly port = 0;
  /** A connection closed (its `connectionId`): calls and registrations over it are gone with it. */
  readonly onClosed = new Event<[string]>();
  private readonly sockets = new Map<string, ServerWebSocket<SipWsData>>();

  constructor(
    private readonly onMessage: InboundHandler,
    private readonly log: Logger,
  ) {}

  /** Data for `server.upgrade(req, { data })`. */
  static upgradeData(address: string, port: number, secure: boolean): SipWsData {
    return { connectionId: `ws-${randomToken(10)}`, address, port, secure };
  }

  /** The `websocket` handler object for Bun.serve. */
  readonly handler = {
    open: (ws: ServerWebSocket<SipWsData>) => {
      this.sockets.set(ws.data.connectionId, ws);
    },
    message: (ws: ServerWebSocket<SipWsData>, message: string | Buffer) => {
      const bytes = typeof message === "string" ? Buffer.from(message) : message;
      if (bytes.length <= 4 && bytes.every((b) => b === 13 || b === 10)) return;
      const d = ws.data;
      this.onMessage(bytes, { transport: d.secure ? "wss" : "ws", address: d.address, port: d.port, connectionId: d.connectionId });
    },
    close: (ws: ServerWebSocket<SipWsData>) => {
      this.sockets.delete(ws.data.connectionId);
      this.onClosed.execute(ws.data.connectionId);
    },
  };

  send(data: string | Uint8Array, target: Endpoint): boolean {
    const ws = target.connectionId ? this.sockets.get(target.connectionId) : undefined;
    if (!ws) return false;
    try {
      ws.send(typeof data === "string" ? data : Buffer.from(data));
      return true;
    } catch (error) {
      this.log.debug({ err: String(error) }, "ws send failed");
      return false;
    }
  }

  get connections(): number {
    return this.sockets.size;
  }

  close(): void {
    for (const ws of this.sockets.values()) ws.close(1001, "shutting down");
  }
}
