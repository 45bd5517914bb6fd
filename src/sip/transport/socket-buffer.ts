import { dlopen, FFIType, ptr } from "bun:ffi";

/** Linux socket option numbers (asm-generic/socket.h). */
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;

type Libc = {
  setsockopt(fd: number, level: number, name: number, value: number, length: number): number;
  getsockopt(fd: number, level: number, name: number, value: number, length: number): number;
};

let libc: Libc | null | undefined;

function load(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    const lib = dlopen("libc.so.6", {
      setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
      getsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
    });
    libc = lib.symbols as unknown as Libc;
  } catch {
    libc = null; // not glibc Linux: keep the kernel default
  }
  return libc;
}

/**
 * Enlarge a socket's receive buffer (Bun.udpSocket has no option for it). A single-threaded
 * server drops datagrams during a GC or JIT pause once the ~208 KiB default fills, and every
 * drop costs the peer a 500 ms retransmission. SO_RCVBUFFORCE passes net.core.rmem_max when
 * privileged; else SO_RCVBUF, capped by rmem_max. Returns the size the kernel reports, or undefined.
 */
export function growReceiveBuffer(fd: number | undefined, bytes: number): number | undefined {
  if (process.platform !== "linux" || typeof fd !== "number" || fd < 0) return undefined;
  const c = load();
  if (!c) return undefined;
  const value = new Int32Array([bytes]);
  if (c.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, ptr(value), 4) !== 0) c.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), 4);
  const out = new Int32Array(1);
  const length = new Uint32Array([4]);
  return c.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(out), ptr(length)) === 0 ? out[0] : undefined;
}
