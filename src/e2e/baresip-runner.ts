/**
 * baresip (Debian's v1.0) as a headless phone for end-to-end tests: a generated config
 * directory per instance (`baresip -f dir`), `aufile` plays a WAV as the microphone,
 * `sndfile` records what is sent (`*-enc.wav`) and received (`*-dec.wav`), `aubridge`
 * stands in for the sound card, and `ctrl_tcp` takes commands (netstring JSON) and
 * reports events (REGISTER_OK, CALL_ESTABLISHED, CALL_CLOSED …).
 * Everything binds to 127.0.0.1 (`net_interface`), so no traffic leaves loopback.
 */
import type { Subprocess } from "bun";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { drain, freePort, sleep, track, waitFor } from "./harness.ts";

export interface BaresipOptions {
  /** Config directory (created). */
  dir: string;
  /** SIP user (extension) and password. */
  user: string;
  password: string;
  /** Registrar/proxy. */
  server: { host: string; port: number };
  /** WAV (8 kHz, mono, S16LE) played as the microphone. */
  sourceWav: string;
  /** Auto-answer incoming calls. */
  autoAnswer?: boolean;
  /** Audio codecs offered and accepted, in order (default PCMU, PCMA); "G722/16000/1" loads baresip's g722 module. */
  codecs?: string[];
}

export interface BaresipEvent {
  type: string;
  param?: string;
  [key: string]: unknown;
}

export interface Baresip {
  readonly user: string;
  readonly proc: Subprocess;
  readonly events: BaresipEvent[];
  /** Send a command (e.g. "dial", "sip:1002@host:port"; "hangup"); resolves with its response. */
  command(cmd: string, params?: string): Promise<{ ok: boolean; data?: string }>;
  /** Wait (bounded) for an event of `type`. */
  waitEvent(type: string, timeoutMs?: number): Promise<BaresipEvent>;
  /** Wait (bounded) until the account registered (event, or the "200 OK" line it prints). */
  waitRegistered(timeoutMs?: number): Promise<void>;
  /** Recordings made by sndfile: files ending -dec.wav (received) and -enc.wav (sent). */
  recordings(): { received: string[]; sent: string[] };
  logs(): string;
  stop(): Promise<void>;
}

/** Write the baresip config and accounts files; returns the ctrl_tcp port. */
export async function writeBaresipConfig(o: BaresipOptions): Promise<{ ctrlPort: number; sipPort: number }> {
  mkdirSync(join(o.dir, "rec"), { recursive: true });
  // baresip also binds TCP and TLS on sip port + 1: leave a gap.
  let sipPort = await freePort();
  while (sipPort > 65000) sipPort = await freePort();
  const ctrlPort = await freePort();
  const rtpBase = 41000 + Math.floor(Math.random() * 200) * 100;
  const config = [
    ["net_interface", "127.0.0.1"],
    ["poll_method", "epoll"],
    ["sip_listen", `127.0.0.1:${sipPort}`],
    ["audio_source", `aufile,${o.sourceWav}`],
    ["audio_player", "aubridge,nil"],
    ["audio_alert", "aubridge,nil"],
    ["ausrc_srate", "8000"],
    ["auplay_srate", "8000"],
    ["ausrc_channels", "1"],
    ["auplay_channels", "1"],
    ["rtp_ports", `${rtpBase}-${rtpBase + 99}`],
    ["module_path", "/usr/lib/baresip/modules"],
    ["module", "g711.so"],
    ...(o.codecs?.some((c) => c.startsWith("G722")) ? [["module", "g722.so"]] : []),
    ["module", "aufile.so"],
    ["module", "aubridge.so"],
    ["module", "sndfile.so"],
    ["module_app", "account.so"],
    ["module_app", "menu.so"],
    ["module_app", "ctrl_tcp.so"],
    ["ctrl_tcp_listen", `127.0.0.1:${ctrlPort}`],
    ["snd_path", join(o.dir, "rec")],
  ];
  writeFileSync(join(o.dir, "config"), config.map(([k, v]) => `${k}\t\t${v}`).join("\n") + "\n");
  const params = [
    `auth_pass=${o.password}`,
    `answermode=${o.autoAnswer ? "auto" : "manual"}`,
    `audio_codecs=${(o.codecs ?? ["PCMU", "PCMA"]).join(",")}`,
    "regint=600",
  ];
  writeFileSync(
    join(o.dir, "accounts"),
    `<sip:${o.user}@${o.server.host}:${o.server.port};transport=udp>;${params.join(";")}\n`,
  );
  return { ctrlPort, sipPort };
}

/** Parse a stream of netstrings `len:payload,` out of `buf`; returns payloads and the rest. */
export function parseNetstrings(buf: string): { items: string[]; rest: string } {
  const items: string[] = [];
  let rest = buf;
  for (;;) {
    const colon = rest.indexOf(":");
    if (colon <= 0) break;
    const len = Number(rest.slice(0, colon));
    if (!Number.isInteger(len)) break;
    if (rest.length < colon + 1 + len + 1) break;
    items.push(rest.slice(colon + 1, colon + 1 + len));
    rest = rest.slice(colon + 1 + len + 1);
  }
  return { items, rest };
}

/** Start a baresip phone and connect to its ctrl_tcp (bounded). */
export async function startBaresip(o: BaresipOptions): Promise<Baresip> {
  const { ctrlPort } = await writeBaresipConfig(o);
  const out: string[] = [];
  const proc = Bun.spawn(["baresip", "-f", o.dir], { cwd: o.dir, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  track(proc);
  void drain(proc.stdout, out);
  void drain(proc.stderr, out);

  const events: BaresipEvent[] = [];
  const responses: { ok: boolean; data?: string; token?: string }[] = [];
  let buf = "";
  const sock = await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`baresip exited: ${out.join("")}`);
      return Bun.connect({
        hostname: "127.0.0.1",
        port: ctrlPort,
        socket: {
          data(_s, chunk) {
            buf += Buffer.from(chunk).toString("utf8");
            const { items, rest } = parseNetstrings(buf);
            buf = rest;
            for (const item of items) {
              try {
                const msg = JSON.parse(item) as Record<string, unknown>;
                if (msg.event) events.push(msg as BaresipEvent);
                else if (msg.response) responses.push(msg as { ok: boolean; data?: string; token?: string });
              } catch {
                /* not JSON: ignore */
              }
            }
          },
        },
      });
    },
    { timeoutMs: 10_000, intervalMs: 200, what: `baresip ctrl_tcp on ${ctrlPort}` },
  );

  let tokens = 0;
  const command = async (cmd: string, params = "") => {
    const token = `t${++tokens}`;
    const msg = JSON.stringify({ command: cmd, params, token });
    sock.write(`${Buffer.byteLength(msg)}:${msg},`);
    const r = await waitFor(() => responses.find((x) => x.token === token), {
      timeoutMs: 5000,
      what: `baresip response to ${cmd}`,
    });
    return r;
  };
  const waitEvent = (type: string, timeoutMs = 10_000) =>
    waitFor(() => events.find((e) => e.type === type), { timeoutMs, what: `baresip ${o.user} event ${type}` });
  const waitRegistered = async (timeoutMs = 10_000) => {
    const line = new RegExp(`${o.user}@[^\\s]*: \\{\\d+/UDP/v4\\} 200 OK`);
    await waitFor(() => events.some((e) => e.type === "REGISTER_OK") || line.test(out.join("")), {
      timeoutMs,
      what: `baresip ${o.user} registered`,
    });
  };
  const recordings = () => {
    const files = readdirSync(join(o.dir, "rec")).sort();
    return {
      received: files.filter((f) => f.endsWith("-dec.wav")).map((f) => join(o.dir, "rec", f)),
      sent: files.filter((f) => f.endsWith("-enc.wav")).map((f) => join(o.dir, "rec", f)),
    };
  };
  const stop = async () => {
    try {
      sock.end();
    } catch {
      /* closed */
    }
    if (proc.exitCode === null) {
      proc.kill("SIGTERM");
      const done = await Promise.race([proc.exited.then(() => true), sleep(3000).then(() => false)]);
      if (!done) proc.kill("SIGKILL");
    }
  };
  return { user: o.user, proc, events, command, waitEvent, waitRegistered, recordings, logs: () => out.join(""), stop };
}

/** 16-bit PCM samples (first channel) and the sample rate of a WAV file. */
export function readWav(path: string): { rate: number; samples: Float64Array } {
  const b = readFileSync(path);
  if (b.toString("ascii", 0, 4) !== "RIFF" || b.toString("ascii", 8, 12) !== "WAVE") throw new Error(`${path}: not a WAV`);
  let off = 12;
  let rate = 8000;
  let channels = 1;
  let bits = 16;
  while (off + 8 <= b.length) {
    const id = b.toString("ascii", off, off + 4);
    let size = b.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === "fmt ") {
      channels = b.readUInt16LE(body + 2);
      rate = b.readUInt32LE(body + 4);
      bits = b.readUInt16LE(body + 14);
    } else if (id === "data") {
      if (bits !== 16) throw new Error(`${path}: ${bits}-bit WAV not supported`);
      if (size === 0 || body + size > b.length) size = b.length - body; // unfinished header
      const n = Math.floor(size / (2 * channels));
      const samples = new Float64Array(n);
      for (let i = 0; i < n; i++) samples[i] = b.readInt16LE(body + i * 2 * channels) / 32768;
      return { rate, samples };
    }
    off = body + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** RMS of a signal. */
export function rms(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return x.length ? Math.sqrt(s / x.length) : 0;
}

/** Goertzel power of `freq` in `x`, normalised so a full-scale sine gives ~0.5 × amplitude². */
export function goertzel(x: Float64Array, rate: number, freq: number): number {
  const w = (2 * Math.PI * freq) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - c * s1 * s2;
  return (2 * power) / (x.length * x.length);
}

/** The strongest frequency among `candidates` and each one's share of the signal's power. */
export function toneShares(x: Float64Array, rate: number, candidates: number[]): Record<number, number> {
  const total = rms(x) ** 2 || 1;
  const out: Record<number, number> = {};
  for (const f of candidates) out[f] = goertzel(x, rate, f) / total;
  return out;
}
