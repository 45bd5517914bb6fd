import { readSync, writeSync } from "node:fs";

/**
 * A streaming POSIX ustar archive (the format `tar` reads), written and read through a file
 * descriptor a chunk at a time so a backup of any size never sits in memory (X5). Sizes of 8 GiB and
 * more use the GNU base-256 size field; there is no limit on the archive's total size.
 */

/** The archive is unreadable, cut short, or not what was expected; the message is one clear line. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveError";
  }
}

/** One entry's header. */
export interface TarHeader {
  path: string;
  size: number;
  /** Permission bits. */
  mode: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  type: "file" | "directory" | "other";
}

const BLOCK = 512;
const ZERO = new Uint8Array(BLOCK * 2);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

function octal(h: Uint8Array, at: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, "0");
  if (digits.length > width - 1) throw new ArchiveError(`value ${value} does not fit a tar header field`);
  h.set(encoder.encode(digits), at);
}

/** Split a path into ustar's `prefix` (≤ 155 bytes) and `name` (≤ 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: "", name: path };
  for (let i = path.indexOf("/"); i > 0; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { prefix, name };
  }
  throw new ArchiveError(`path too long for the archive: ${path}`);
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(h: Omit<TarHeader, "type">): Uint8Array {
  const b = new Uint8Array(BLOCK);
  const { prefix, name } = splitPath(h.path);
  b.set(encoder.encode(name), 0);
  octal(b, 100, 8, h.mode & 0o7777);
  octal(b, 108, 8, 0);
  octal(b, 116, 8, 0);
  if (h.size < 8 ** 11) octal(b, 124, 12, h.size);
  else {
    // GNU base-256: the high bit of the first byte set, the size big-endian in the rest.
    b[124] = 0x80;
    let v = BigInt(h.size);
    for (let i = 135; i > 124; i--, v >>= 8n) b[i] = Number(v & 0xffn);
  }
  octal(b, 136, 12, Math.max(0, Math.floor(h.mtime)));
  b.fill(0x20, 148, 156);
  b[156] = 0x30; // '0': regular file
  b.set(encoder.encode("ustar\u000000"), 257);
  b.set(encoder.encode(prefix), 345);
  const sum = b.reduce((s, x) => s + x, 0);
  octal(b, 148, 7, sum);
  b[155] = 0x20;
  return b;
}

/** Writes entries one after another: `begin(header)`, `write(chunk)` until `size` bytes, `end()`; then `finish()`. */
export class TarWriter {
  private remaining = -1;
  private entrySize = 0;
  private written = 0;

  constructor(private readonly fd: number) {}

  /** Bytes written to the archive so far. */
  get bytes(): number {
    return this.written;
  }

  begin(h: Omit<TarHeader, "type">): void {
    if (this.remaining >= 0) throw new Error("tar: the previous entry is not finished");
    this.put(tarHeader(h));
    this.remaining = h.size;
    this.entrySize = h.size;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length > this.remaining) throw new Error("tar: more bytes than the entry's size");
    this.put(chunk);
    this.remaining -= chunk.length;
  }

  end(): void {
    if (this.remaining !== 0) throw new Error("tar: fewer bytes than the entry's size");
    const pad = (BLOCK - (this.entrySize % BLOCK)) % BLOCK;
    if (pad) this.put(ZERO.subarray(0, pad));
    this.remaining = -1;
  }

  /** One whole entry from memory. */
  add(path: string, bytes: Uint8Array, mode = 0o600, mtime = Date.now() / 1000): void {
    this.begin({ path, size: bytes.length, mode, mtime });
    this.write(bytes);
    this.end();
  }

  /** The end-of-archive marker: two zero blocks. */
  finish(): void {
    if (this.remaining >= 0) throw new Error("tar: the last entry is not finished");
    this.put(ZERO);
  }

  private put(bytes: Uint8Array): void {
    writeAll(this.fd, bytes);
    this.written += bytes.length;
  }
}

const text = (b: Uint8Array, at: number, len: number) => {
  const field = b.subarray(at, at + len);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
};

function readOctal(b: Uint8Array, at: number, len: number): number {
  const s = text(b, at, len).trim();
  if (!/^[0-7]*$/.test(s)) return NaN;
  return s === "" ? 0 : parseInt(s, 8);
}

/** Parse a header block; undefined for a zero block (the end marker); throws when the block is not a tar header. */
export function parseTarHeader(b: Uint8Array, offset: number): TarHeader | undefined {
  if (b.every((x) => x === 0)) return undefined;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]!;
  if (readOctal(b, 148, 8) !== sum) throw new ArchiveError(`not a tar archive (no valid header at byte ${offset})`);
  let size: number;
  if (b[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(b[i]!);
    size = Number(v);
  } else size = readOctal(b, 124, 12);
  if (!Number.isSafeInteger(size) || size < 0) throw new ArchiveError(`bad entry size in the tar header at byte ${offset}`);
  const name = text(b, 0, 100);
  const prefix = text(b, 257, 6) === "ustar" ? text(b, 345, 155) : "";
  const flag = String.fromCharCode(b[156]!);
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size,
    mode: readOctal(b, 100, 8) || 0o644,
    mtime: readOctal(b, 136, 12) || 0,
    type: flag === "0" || flag === "\0" ? "file" : flag === "5" ? "directory" : "other",
  };
}

/** Where one entry's bytes go while the archive is read. */
export interface TarSink {
  write(chunk: Uint8Array): void;
  end(): void;
}

/**
 * Read an archive from `fd` front to back. `onEntry` sees each header and returns a sink for the entry's
 * bytes (or undefined to skip them). Throws ArchiveError when the archive is cut short or malformed.
 */
export function readTar(fd: number, onEntry: (h: TarHeader) => TarSink | undefined, chunkBytes = 1 << 20): void {
  const header = new Uint8Array(BLOCK);
  const buf = new Uint8Array(Math.max(BLOCK, chunkBytes - (chunkBytes % BLOCK)));
  let offset = 0;
  const readExactly = (into: Uint8Array, what: string) => {
    let got = 0;
    while (got < into.length) {
      const n = readSync(fd, into, got, into.length - got, offset + got);
      if (n === 0) throw new ArchiveError(`the archive is truncated (${what} cut short at byte ${offset + got})`);
      got += n;
    }
    offset += into.length;
  };
  for (;;) {
    const at = offset;
    let n = 0;
    while (n < BLOCK) {
      const r = readSync(fd, header, n, BLOCK - n, offset + n);
      if (r === 0) break;
      n += r;
    }
    if (n === 0 && at > 0) throw new ArchiveError(`the archive is truncated (no end-of-archive marker after byte ${at})`);
    if (n < BLOCK) throw new ArchiveError(at === 0 ? "not a tar archive (too short)" : `the archive is truncated (a header cut short at byte ${at})`);
    offset += BLOCK;
    const h = parseTarHeader(header, at);
    if (!h) return;
    const sink = onEntry(h);
    let left = h.size;
    while (left > 0) {
      const chunk = buf.subarray(0, Math.min(buf.length, left));
      readExactly(chunk, h.path);
      sink?.write(chunk);
      left -= chunk.length;
    }
    const pad = (BLOCK - (h.size % BLOCK)) % BLOCK;
    if (pad) readExactly(buf.subarray(0, pad), h.path);
    sink?.end();
  }
}
