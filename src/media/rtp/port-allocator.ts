/**
 * Hands out even RTP ports from a configured range (`CC_RTP_PORTS`, SPEC M1); RTP uses the even port and
 * RTCP the next odd one (RFC 3550 §11). Ports come back with `release()`; `live` counts those out (leak tests).
 */
export class PortAllocator {
  private readonly inUse = new Set<number>();
  private next: number;
  readonly min: number;
  readonly max: number;

  constructor(min: number, max: number) {
    this.min = min % 2 === 0 ? min : min + 1;
    this.max = max;
    if (this.min + 1 > this.max) throw new RangeError(`empty RTP port range ${min}-${max}`);
    this.next = this.min;
  }

  /** Parse "10000-20000". */
  static fromRange(range: string): PortAllocator {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(range);
    if (!m) throw new RangeError(`bad RTP port range "${range}"`);
    return new PortAllocator(Number(m[1]), Number(m[2]));
  }

  /** How many even ports the range has. */
  get capacity(): number {
    return Math.floor((this.max - 1 - this.min) / 2) + 1;
  }

  /** Ports handed out and not yet released. */
  get live(): number {
    return this.inUse.size;
  }

  /** The next free even port (round robin, so a just-released port rests a while), or undefined when full. */
  allocate(): number | undefined {
    for (let i = 0; i < this.capacity; i++) {
      const port = this.next;
      this.next = port + 2 > this.max - 1 ? this.min : port + 2;
      if (!this.inUse.has(port)) {
        this.inUse.add(port);
        return port;
      }
    }
    return undefined;
  }

  release(port: number): void {
    this.inUse.delete(port);
  }
}
