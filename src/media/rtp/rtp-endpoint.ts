import type { udp } from "bun";
import { Event, Fanout, silentLogger } from "../../lib/index.ts";
import type { Logger } from "../../lib/index.ts";
import type { EndpointStats, MediaEndpoint, RtpAddress } from "./media-endpoint.ts";
import type { PortAllocator } from "./port-allocator.ts";
import { createRtpView, parseRtp, writeRtpHeader } from "./rtp-packet.ts";
import type { RtpView } from "./rtp-packet.ts";

export interface RtpEndpointOptions {
  /** Take the port from this range (tried until a bind succeeds); otherwise `port` (0 = any). */
  allocator?: PortAllocator;
  port?: number;
  /** Local address to bind; default 0.0.0.0. */
  bindAddress?: string;
  /** Initial remote from the peer's SDP. */
  remote?: RtpAddress;
  /** Symmetric RTP (T10, RFC 4961): send to where the peer's packets come from. Default true. */
  latch?: boolean;
  /** Relatch to a new source when the latched one was silent this long (ms). Default 2000. */
  relatchAfterMs?: number;
  logger?: Logger;
}

const MAX_PAYLOAD = 1460;

/** Process-wide RTP counters over every endpoint ever opened (the /metrics figures, X6). */
export interface RtpTotals {
  sent: number;
  received: number;
  /** Sends that failed (the packet did not leave: its sequence number is a gap on the wire). */
  sendErrors: number;
  /** Datagrams that were not RTP. */
  dropped: number;
}

/**
 * One RTP stream over one UDP socket (RFC 3550). Keeps our SSRC, sequence number and timestamp across
 * everything sent through it (prompts, bridged audio, DTMF), so the peer sees one continuous stream.
 * Receive path is allocation-free: `onPacket` gets a reused `RtpView`, valid only during the callback.
 */
export class RtpEndpoint implements MediaEndpoint {
  static readonly totals: RtpTotals = { sent: 0, received: 0, sendErrors: 0, dropped: 0 };
  // Fields in the order a packet reads them: what receiving reads first, then what sending reads, then the rest, so
  // each path touches two or three cache lines of the endpoint rather than all four (under load every line a packet
  // reads is a likely miss, issue 12). Counters and the remote are plain fields; `stats` and `remote` hand out copies.
  private closed = false;
  private readonly view = createRtpView();
  /** `options.latch !== false`, read once: the receive path then touches no options object. */
  private readonly latching: boolean;
  private received = 0;
  private receivedAt = 0;
  /** Where packets go; port 0 = nowhere (no SDP yet, or a held stream with port 0). */
  private remotePort = 0;
  private remoteAddress = "";
  private latched = false;
  private lastFromRemote = 0;
  readonly onPacket = new Fanout<RtpView>();
  private ts = (Math.random() * 0x1_0000_0000) >>> 0;
  /**
   * False while the negotiated direction forbids us to send (the peer put us on hold with sendonly/inactive,
   * RFC 3264 §6.1): `send()` then drops packets; the timestamp still advances, the sequence number does not.
   */
  sendEnabled = true;
  private seq = (Math.random() * 0x10000) & 0xffff;
  readonly ssrc = (Math.random() * 0x1_0000_0000) >>> 0;
  private readonly socket: udp.Socket<"uint8array">;
  private sent = 0;
  private sentOctets = 0;
  private sendErrors = 0;
  private dropped = 0;
  private unreachable = 0;
  private readonly out = new Uint8Array(12 + MAX_PAYLOAD);
  private outView: Uint8Array = this.out.subarray(0, 12 + 160);
  readonly kind = "rtp" as const;
  /** Plain RTP can be sent at once. */
  readonly ready = true;
  /** The remote address changed because the peer's packets came from elsewhere (NAT, T10). */
  readonly onLatched = new Event<[RtpAddress]>();

  private constructor(
    socket: udp.Socket<"uint8array">,
    private readonly options: RtpEndpointOptions,
    private readonly log: Logger,
  ) {
    this.socket = socket;
    this.setRemote(options.remote);
    this.latching = options.latch !== false;
  }

  /** Bind a socket (from the allocator's range when given). Rejects when no port can be bound. */
  static async open(options: RtpEndpointOptions = {}): Promise<RtpEndpoint> {
    const log = (options.logger ?? silentLogger).child("rtp");
    const hostname = options.bindAddress ?? "0.0.0.0";
    const attempts = options.allocator ? Math.min(50, options.allocator.capacity) : 1;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      const port = options.allocator ? options.allocator.allocate() : (options.port ?? 0);
      if (port === undefined) break;
      let self: RtpEndpoint | undefined;
      try {
        const socket = await Bun.udpSocket({
          hostname,
          port,
          binaryType: "uint8array",
          socket: {
            data: (_s, buf, rport, raddr) => self?.receive(buf, rport, raddr),
            // ICMP port unreachable comes back as ECONNREFUSED on the socket: count it, never throw.
            error: () => {
              if (self) self.unreachable++;
            },
          },
        });
        self = new RtpEndpoint(socket, options, log);
        return self;
      } catch (err) {
        lastError = err;
        if (options.allocator) options.allocator.release(port);
      }
    }
    throw new Error(`no RTP port could be bound: ${String(lastError ?? "range exhausted")}`);
  }

  /** The local port. */
  get port(): number {
    return this.socket.port;
  }

  /** Where packets go now (undefined before the SDP and the first packet). */
  get remote(): RtpAddress | undefined {
    return this.remoteAddress === "" ? undefined : { address: this.remoteAddress, port: this.remotePort };
  }

  /**
   * The counters: `unreachable` counts ICMP port-unreachable reports (the peer closed its port); `lastReceivedAt` is
   * the `performance.now()` of the last RTP packet (0 before any), for dead-call detection.
   */
  get stats(): EndpointStats & { unreachable: number } {
    const { sent, sentOctets, received, sendErrors, dropped, unreachable } = this;
    return { sent, sentOctets, received, sendErrors, dropped, unreachable, lastReceivedAt: this.receivedAt };
  }

  get lastReceivedAt(): number {
    return this.receivedAt;
  }

  /** Next sequence number and timestamp to be used (the bridge and tests read them). */
  get sequenceNumber(): number {
    return this.seq;
  }
  get timestamp(): number {
    return this.ts;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  /** Set the remote from a (new) SDP; latching starts over (a re-INVITE may move the peer). */
  setRemote(remote: RtpAddress | undefined): void {
    this.remoteAddress = remote?.address ?? "";
    this.remotePort = remote?.port ?? 0;
    this.latched = false;
  }

  /**
   * Send one packet. The timestamp advances by `timestampStep` from the previous packet (160 for a
   * 20 ms G.711 frame; 0 for RFC 4733 packets of one event) and the sequence number by one per packet sent
   * (RFC 3550 §5.1).
   * Returns false when there is no remote, the endpoint is closed, or the send failed (Bun throws
   * ECONNREFUSED after the peer closed its port: counted, never thrown).
   */
  send(payload: Uint8Array, payloadType: number, marker = false, timestampStep = 160): boolean {
    return this.sendFrom(payload, 0, payload.length, payloadType, marker, timestampStep);
  }

  /** `send()` of `length` payload bytes at `offset` in `data` (a received packet relayed without making a view of it). */
  sendFrom(data: Uint8Array, offset: number, length: number, payloadType: number, marker = false, timestampStep = 160): boolean {
    this.ts = (this.ts + timestampStep) >>> 0;
    if (this.closed || this.remotePort === 0 || !this.sendEnabled) return false;
    this.seq = (this.seq + 1) & 0xffff;
    const n = Math.min(length, MAX_PAYLOAD);
    const len = 12 + n;
    if (this.outView.length !== len) this.outView = this.out.subarray(0, len);
    const out = this.out;
    writeRtpHeader(out, payloadType, marker, this.seq, this.ts, this.ssrc);
    for (let i = 0; i < n; i++) out[12 + i] = data[offset + i]!;
    try {
      this.socket.send(this.outView, this.remotePort, this.remoteAddress);
      this.sent++;
      this.sentOctets += n;
      RtpEndpoint.totals.sent++;
      return true;
    } catch {
      this.sendErrors++;
      RtpEndpoint.totals.sendErrors++;
      return false;
    }
  }

  /**
   * `sendFrom()` of a received packet's whole payload. A packet with a bare 12-byte header and no padding goes out of
   * its own buffer, no copy: our header over its own, `send()` (which copies the datagram before returning, as the
   * reused `out` buffer already relies on), then its own header written back, so later listeners see it unchanged.
   */
  relayPacket(p: RtpView, payloadType: number, marker: boolean, timestampStep: number): boolean {
    const data = p.data;
    const length = p.payloadLength;
    if (p.payloadOffset !== 12 || length + 12 !== data.length || length > MAX_PAYLOAD) {
      return this.sendFrom(data, p.payloadOffset, length, payloadType, marker, timestampStep);
    }
    this.ts = (this.ts + timestampStep) >>> 0;
    if (this.closed || this.remotePort === 0 || !this.sendEnabled) return false;
    this.seq = (this.seq + 1) & 0xffff;
    const b0 = data[0]!; // P/X/CC bits, not in the view
    writeRtpHeader(data, payloadType, marker, this.seq, this.ts, this.ssrc);
    let ok = true;
    try {
      this.socket.send(data, this.remotePort, this.remoteAddress);
      this.sent++;
      this.sentOctets += length;
      RtpEndpoint.totals.sent++;
    } catch {
      this.sendErrors++;
      RtpEndpoint.totals.sendErrors++;
      ok = false;
    }
    writeRtpHeader(data, p.payloadType, p.marker, p.sequenceNumber, p.timestamp, p.ssrc);
    data[0] = b0;
    return ok;
  }

  /** Move the timestamp without sending (e.g. after an RFC 4733 event, whose packets share one timestamp). */
  advanceTimestamp(samples: number): void {
    this.ts = (this.ts + samples) >>> 0;
  }

  /** Close the socket and give the port back. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const port = this.socket.port;
    this.socket.close();
    this.options.allocator?.release(port);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private receive(buf: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    const view = this.view;
    if (!parseRtp(buf, view)) {
      this.dropped++;
      RtpEndpoint.totals.dropped++;
      return;
    }
    this.received++;
    RtpEndpoint.totals.received++;
    const now = performance.now();
    this.receivedAt = now;
    if (this.latching) this.latch(port, address, now);
    this.onPacket.execute(view);
  }

  private latch(port: number, address: string, now: number): void {
    if (this.remotePort === port && this.remoteAddress === address) {
      this.latched = true;
      this.lastFromRemote = now;
      return;
    }
    if (this.latched && now - this.lastFromRemote < (this.options.relatchAfterMs ?? 2000)) return;
    this.remoteAddress = address;
    this.remotePort = port;
    this.latched = true;
    this.lastFromRemote = now;
    const remote = { address, port };
    this.log.debug({ port: this.socket.port, remote }, "rtp latched");
    this.onLatched.execute(remote);
  }
}
