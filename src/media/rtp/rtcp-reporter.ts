import type { Clock, Logger, TimerHandle } from "../../lib/index.ts";
import { buildSenderReport, parseRtcpHeader } from "./rtcp.ts";
import type { RtpEndpoint } from "./rtp-endpoint.ts";

/** The part of Bun's UDP socket the reporter uses. */
interface RtcpSocket {
  send(data: Uint8Array, port: number, address: string): boolean;
  close(): void;
}

/**
 * RTCP for one RTP endpoint (RFC 3550 §6, M1): listens on the odd port next to the RTP port and
 * sends a sender report every `intervalMs` while the endpoint sends media. Reports from the peer
 * are counted; nothing in the call depends on them.
 */
export class RtcpReporter {
  readonly stats = { sent: 0, received: 0 };
  private timer?: TimerHandle;
  private closed = false;
  private lastSent = 0;

  private constructor(
    private readonly socket: RtcpSocket,
    private readonly rtp: RtpEndpoint,
    private readonly clock: Clock,
    private readonly cname: string,
    private readonly intervalMs: number,
  ) {
    this.schedule();
  }

  /** Bind `rtp.port + 1`; undefined (logged) when the port is taken, so media works without RTCP. */
  static async open(rtp: RtpEndpoint, options: { clock: Clock; log: Logger; bindAddress?: string; cname?: string; intervalMs?: number }): Promise<RtcpReporter | undefined> {
    let reporter: RtcpReporter | undefined;
    try {
      const socket = await Bun.udpSocket({
        hostname: options.bindAddress ?? "0.0.0.0",
        port: rtp.port + 1,
        binaryType: "uint8array",
        socket: {
          data: (_s, buf) => {
            if (reporter && parseRtcpHeader(buf)) reporter.stats.received++;
          },
          error: () => {},
        },
      });
      reporter = new RtcpReporter(socket as unknown as RtcpSocket, rtp, options.clock, options.cname ?? `cc@${rtp.port}`, options.intervalMs ?? 5000);
      return reporter;
    } catch (error) {
      options.log.debug({ err: String(error), port: rtp.port + 1 }, "no RTCP port");
      return undefined;
    }
  }

  /** Send one sender report now (when media went out since the last one). */
  report(): void {
    const remote = this.rtp.remote;
    const packets = this.rtp.stats.sent;
    if (this.closed || !remote || remote.port === 0 || packets === 0 || packets === this.lastSent) return;
    this.lastSent = packets;
    const sr = buildSenderReport({
      ssrc: this.rtp.ssrc,
      wallMs: Date.now(),
      rtpTimestamp: this.rtp.timestamp,
      packets,
      octets: this.rtp.stats.sentOctets,
      cname: this.cname,
    });
    try {
      if (this.socket.send(sr, remote.port + 1, remote.address)) this.stats.sent++;
    } catch {
      // ECONNREFUSED after the peer closed its RTCP port: reports are best effort.
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.socket.close();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.report();
      if (!this.closed) this.schedule();
    }, this.intervalMs);
  }
}
