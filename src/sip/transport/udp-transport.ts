import type { Logger } from "../../lib/index.ts";
import type { Endpoint } from "./endpoint.ts";
import { growReceiveBuffer } from "./socket-buffer.ts";
import type { InboundHandler, Transport } from "./transport.ts";

/** Receive buffer asked for the SIP socket: rides out a few hundred ms of pause at 4,000 registrations/s. */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** SIP over UDP (RFC 3261 §18): one datagram is one message; CRLF keep-alives are ignored. */
/** The part of Bun's unconnected UDP socket we use. */
interface UdpSocket {
  readonly port: number;
  send(data: string | Uint8Array, port: number, address: string): boolean;
  close(): void;
}

export class UdpTransport implements Transport {
  readonly name = "udp" as const;

  private constructor(
    private readonly socket: UdpSocket,
    private readonly log: Logger,
  ) {}

  static async listen(hostname: string, port: number, onMessage: InboundHandler, log: Logger): Promise<UdpTransport> {
    const socket = await Bun.udpSocket({
      hostname,
      port,
      socket: {
        data(_socket, data, remotePort, remoteAddress) {
          // RFC 5626 §4.4.1: a bare CRLF (or CRLFCRLF) datagram is a keep-alive, not a message.
          if (data.length <= 4 && data.every((b) => b === 13 || b === 10)) return;
          onMessage(data, { transport: "udp", address: stripV4Mapped(remoteAddress), port: remotePort });
        },
        // ICMP port-unreachable from a closed peer surfaces as ECONNREFUSED on recv: ignore it.
        error(_socket, error) {
          log.debug({ err: String(error) }, "udp socket error");
        },
      },
    });
    const receiveBuffer = growReceiveBuffer((socket as { fd?: number }).fd, RECEIVE_BUFFER_BYTES);
    log.debug({ receiveBuffer }, "udp receive buffer");
    return new UdpTransport(socket as unknown as UdpSocket, log);
  }

  get port(): number {
    return this.socket.port;
  }

  send(data: string | Uint8Array, target: Endpoint): boolean {
    try {
      return this.socket.send(data, target.port, target.address);
    } catch (error) {
      // Bun throws ECONNREFUSED after the peer closed its port: never let it end the process.
      this.log.debug({ err: String(error), target: `${target.address}:${target.port}` }, "udp send failed");
      return false;
    }
  }

  close(): void {
    this.socket.close();
  }
}

function stripV4Mapped(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
