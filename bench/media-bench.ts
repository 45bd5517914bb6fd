/**
 * The media plane alone (issue 3, BENCHMARKS.md's media budget): CPU per relayed RTP packet for N calls,
 * our relay against a bare Bun relay in the same run, without SIP or SIPp in the way.
 *
 *   bun bench/media-bench.ts [--calls=200] [--window=8] [--rounds=1] [--modes=bare,bridge,recorded,worker] [--no-rt]
 *
 * Three servers in turn, each a fresh process on CPU 0 (SCHED_FIFO 10 unless --no-rt), the load on CPU 1:
 *  - bare:     per call two Bun UDP sockets, each datagram re-sent from the other one (the floor: no RTP logic);
 *  - bridge:   per call two `RtpEndpoint`s joined by a `MediaBridge` (parse, rewrite SSRC/sequence/timestamp, send);
 *  - recorded: per call two `CallMedia` (RTCP, DTMF listeners) joined by `bridgeCalls` with a stereo WAV recording;
 *  - worker:   the recorded call in one media worker (issue 12): two legs opened by `MediaWorkers` (size 1),
 *              negotiated by SDP on the main thread, joined and recorded by `bridgeLegs` inside the worker; the
 *              server's CPU counts both threads (the main thread only answers the worker's reports). It may
 *              run on both CPUs (see main()), so its packets are counted by the worker, not assumed.
 * The load: N callers sending 172-byte PCMU packets every 20 ms (all in one burst per tick, like SIPp's
 * rtp_stream; callers start 10 ms apart), and N agents echoing every packet back, so each call relays 50
 * packets/s each way. Per server: its CPU (utime+stime, /proc) over the window ÷ packets relayed, and the
 * round trip caller → server → agent → server → caller as the load saw it (p50/p99, and |Δ| between a
 * caller's consecutive packets, p99: the jitter the relay and the load add together).
 * With --rounds=R the modes run R times in turn (bare, bridge, … , bare, bridge, …) and the table gives each mode's
 * median and its median ratio to the bare relay of the same round: one run on a shared VM moves ±20 %. The
 * server's RSS is printed when its calls are set up and at the end of the window.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const N = Number(flag("calls") ?? 200);
const WINDOW_S = Number(flag("window") ?? 8);
const WARMUP_S = 3 + (N * 10) / 1000; // every caller started, and the JIT done with the hot path
const BASE = Number(flag("base") ?? 20000 + Math.floor(Math.random() * 20) * 1000);
// Ports: server i at BASE + 4i (caller side) and BASE + 4i + 2 (agent side); load at BASE + 10000 + i (callers)
// and BASE + 11000 + i (agents). Everything on 127.0.0.1.
const serverPort = (i: number, side: 0 | 1) => BASE + 4 * i + 2 * side;
const callerPort = (i: number) => BASE + 10000 + i;
const agentPort = (i: number) => BASE + 11000 + i;
const ALL_MODES = ["bare", "bridge", "recorded", "worker"] as const;
type Mode = (typeof ALL_MODES)[number];
const MODES = (flag("modes")?.split(",") ?? ALL_MODES) as Mode[];
const ROUNDS = Number(flag("rounds") ?? 1);

function cpuTicksSelf(): number {
  const s = readFileSync("/proc/self/stat", "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]);
}

/** Packets the media worker has sent (the "worker" mode); undefined for the other modes. */
let workerSent: () => number | undefined = () => undefined;

/** The server side: set up N calls of `mode`, report CPU per relayed packet over the window. */
async function serve(mode: Mode): Promise<void> {
  const dir = join(tmpdir(), `media-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  if (mode === "bare") {
    for (let i = 0; i < N; i++) {
      const pair: Bun.udp.Socket<"uint8array">[] = [];
      const open = (side: 0 | 1, to: number) =>
        Bun.udpSocket({
          hostname: "127.0.0.1",
          port: serverPort(i, side),
          binaryType: "uint8array",
          socket: {
            error() {},
            data(_s, buf) {
              try {
                pair[1 - side]!.send(buf, to, "127.0.0.1");
              } catch {
                /* the load is gone */
              }
            },
          },
        });
      pair.push(await open(0, agentPort(i)), await open(1, callerPort(i)));
    }
  } else if (mode === "worker") {
    const { PortAllocator } = await import("../src/media/rtp/index.ts");
    const { MediaWorkers, bridgeLegs } = await import("../src/media/workers/index.ts");
    const allocator = new PortAllocator(BASE, BASE + 4 * N + 3);
    const workers = new MediaWorkers({ size: 1, allocator, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1", spares: 0 });
    await workers.start();
    const sdp = (port: number) =>
      `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`;
    workerSent = () => workers.stats()[0]?.counters?.sent;
    for (let i = 0; i < N; i++) {
      const a = await workers.get();
      const b = await workers.get(a);
      a.answerOffer(sdp(callerPort(i)));
      b.answerOffer(sdp(agentPort(i)));
      bridgeLegs(a, b, { recordTo: join(dir, `${i}.wav`) });
    }
  } else {
    const { PortAllocator, RtpEndpoint } = await import("../src/media/rtp/index.ts");
    const { MediaBridge } = await import("../src/media/bridge/index.ts");
    const { CallMedia, bridgeCalls } = await import("../src/media/session/index.ts");
    const allocator = new PortAllocator(BASE, BASE + 4 * N + 3);
    for (let i = 0; i < N; i++) {
      if (mode === "bridge") {
        const a = await RtpEndpoint.open({ allocator, bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: callerPort(i) } });
        const b = await RtpEndpoint.open({ allocator, bindAddress: "127.0.0.1", remote: { address: "127.0.0.1", port: agentPort(i) } });
        new MediaBridge({ port: a, format: { codec: "PCMU", pt: 0 } }, { port: b, format: { codec: "PCMU", pt: 0 } });
      } else {
        const a = await CallMedia.open({ allocator, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" });
        const b = await CallMedia.open({ allocator, bindAddress: "127.0.0.1", advertisedAddress: "127.0.0.1" });
        a.endpoint.setRemote({ address: "127.0.0.1", port: callerPort(i) });
        b.endpoint.setRemote({ address: "127.0.0.1", port: agentPort(i) });
        bridgeCalls(a, b, { recordTo: join(dir, `${i}.wav`) });
      }
    }
    if (RtpEndpoint.totals.sent !== 0) throw new Error("unexpected traffic before the load");
  }
  console.log("ready");
  const mib = () => process.memoryUsage.rss() / 2 ** 20;
  const rssReady = mib();
  await Bun.sleep(WARMUP_S * 1000);
  const t0 = cpuTicksSelf();
  const w0 = performance.now();
  const s0 = workerSent();
  await Bun.sleep(WINDOW_S * 1000);
  const seconds = (performance.now() - w0) / 1000;
  const cpuS = (cpuTicksSelf() - t0) / 100;
  // The worker's own count of packets sent (reported once a second) when it has one; else what the load sends.
  const relayed = s0 === undefined ? 2 * N * 50 * seconds : ((workerSent() ?? 0) - s0) * (seconds / Math.round(seconds));
  console.log(JSON.stringify({ mode, cpuPct: (cpuS / seconds) * 100, usPerRelayed: (cpuS * 1e6) / relayed, rssReady, rssLoaded: mib() }));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/** The load side: N callers and N echoing agents for `seconds`; prints round-trip figures. */
async function load(seconds: number): Promise<void> {
  const rtt: number[][] = Array.from({ length: N }, () => []);
  const callers: Bun.udp.Socket<"uint8array">[] = [];
  for (let i = 0; i < N; i++) {
    callers.push(
      await Bun.udpSocket({
        hostname: "127.0.0.1",
        port: callerPort(i),
        binaryType: "uint8array",
        socket: {
          error() {},
          data(_s, buf) {
            if (buf.length !== 172 || (buf[1]! & 0x7f) !== 0) return; // RTCP from the server, not ours
            rtt[i]!.push(performance.now() - new DataView(buf.buffer, buf.byteOffset).getFloat64(12));
          },
        },
      }),
    );
    await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: agentPort(i),
      binaryType: "uint8array",
      socket: {
        error() {},
        data(s, buf, port, address) {
          if (buf.length !== 172) return;
          try {
            s.send(buf, port, address);
          } catch {
            /* the server is gone */
          }
        },
      },
    });
  }
  const packets = callers.map(() => {
    const b = new Uint8Array(172);
    b[0] = 0x80;
    for (let k = 20; k < 172; k++) b[k] = (Math.random() * 256) | 0;
    return { b, dv: new DataView(b.buffer) };
  });
  const t0 = performance.now();
  let tick = 0;
  await new Promise<void>((done) => {
    const step = () => {
      if (performance.now() - t0 > seconds * 1000) return done();
      for (let i = 0; i < N; i++) {
        if (tick * 20 < i * 10) continue; // callers start 10 ms apart
        const { b, dv } = packets[i]!;
        dv.setUint16(2, tick & 0xffff);
        dv.setUint32(4, (tick * 160) >>> 0);
        dv.setUint32(8, i + 1);
        dv.setFloat64(12, performance.now());
        try {
          callers[i]!.send(b, serverPort(i, 0), "127.0.0.1");
        } catch {
          /* the server is gone */
        }
      }
      tick++;
      setTimeout(step, Math.max(0, t0 + tick * 20 - performance.now()));
    };
    step();
  });
  // The server's window: from WARMUP_S for WINDOW_S.
  const lat: number[] = [];
  const add: number[] = [];
  for (const [i, r] of rtt.entries()) {
    const from = Math.max(0, Math.ceil((WARMUP_S * 1000 - i * 10) / 20));
    const w = r.slice(from, from + (WINDOW_S * 1000) / 20);
    for (let k = 0; k < w.length; k++) {
      lat.push(w[k]!);
      if (k) add.push(Math.abs(w[k]! - w[k - 1]!));
    }
  }
  const q = (a: number[], p: number) => (a.length ? a.sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]! : NaN);
  console.log(JSON.stringify({ returned: lat.length, rttP50: q(lat, 0.5), rttP99: q(lat, 0.99), deltaP99: q(add, 0.99) }));
  process.exit(0);
}

/** The last JSON line a child prints; `reader` already consumed `seen` of its output. */
async function lastJson(reader: ReadableStreamDefaultReader<Uint8Array>, seen = ""): Promise<Record<string, number | string>> {
  let text = seen;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const line = text.split("\n").filter((l) => l.startsWith("{")).at(-1);
  if (!line) throw new Error(`no result: ${text.slice(0, 500)}`);
  return JSON.parse(line) as Record<string, number | string>;
}

async function main(): Promise<void> {
  const prio = argv.includes("--no-rt") ? [] : ["chrt", "-f", "10"];
  const self = [process.execPath, import.meta.path, `--calls=${N}`, `--window=${WINDOW_S}`, `--base=${BASE}`];
  console.log(`media plane: ${N} calls (${N * 100} packets/s relayed), ${WINDOW_S} s window; server on CPU 0, load on CPU 1${prio.length ? ", SCHED_FIFO 10" : ""}; bun ${Bun.version}`);
  const results = new Map<Mode, { us: number[]; ratio: number[]; line: Record<string, number | string>[] }>();
  for (let round = 1; round <= ROUNDS; round++) {
    let bare: number | undefined;
    for (const mode of MODES) {
      const r = await runMode(mode, prio, self);
      const us = Number(r.usPerRelayed);
      if (mode === "bare") bare = us;
      const m = results.get(mode) ?? { us: [], ratio: [], line: [] };
      m.us.push(us);
      if (bare !== undefined) m.ratio.push(us / bare);
      m.line.push(r);
      results.set(mode, m);
      console.log(JSON.stringify({ round, ...r }));
    }
  }
  const median = (a: number[]) => (a.length ? [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)]! : NaN);
  const f = (x: number | string | undefined, d = 2) => Number(x).toFixed(d);
  const rows = [...results].map(([mode, m]) => {
    const l = m.line[m.us.indexOf(median(m.us))]!;
    const spread = ROUNDS > 1 ? ` (${f(Math.min(...m.us), 1)}–${f(Math.max(...m.us), 1)})` : "";
    return `| ${mode} | ${f(median(m.us), 1)}${spread} | ${m.ratio.length ? `${f(median(m.ratio))} ×` : "–"} | ${f(l.cpuPct, 1)} | ${f(l.rssReady, 0)} → ${f(l.rssLoaded, 0)} | ${f(l.rttP50)} / ${f(l.rttP99)} | ${f(l.deltaP99)} |`;
  });
  console.log(
    `\n${ROUNDS} round(s); median (min–max) of each mode, ratio = median of (mode ÷ bare of the same round)\n` +
      `| relay | CPU µs per relayed packet | × bare | server CPU % | server RSS ready → loaded (MiB) | round trip p50 / p99 (ms) | round-trip Δ p99 (ms) |\n|---|---|---|---|---|---|---|\n${rows.join("\n")}`,
  );
}

/** One server of `mode` under the load: its figures and the load's. */
async function runMode(mode: Mode, prio: string[], self: string[]): Promise<Record<string, number | string>> {
  // A media worker's server may use both CPUs: under SCHED_FIFO on one CPU, Bun's main thread and its worker
  // starve each other while they exchange messages (measured: opening legs never finishes).
  const cpusOf = mode === "worker" ? "0,1" : "0";
  const server = Bun.spawn([...prio, "taskset", "-c", cpusOf, ...self, `--serve=${mode}`], { stdout: "pipe", stderr: "ignore", stdin: "ignore" });
  const reader = server.stdout.getReader();
  let seen = "";
  const deadline = Date.now() + 60_000;
  while (!seen.includes("ready") && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += new TextDecoder().decode(value);
  }
  if (!seen.includes("ready")) throw new Error(`${mode} server did not start`);
  const loader = Bun.spawn([...prio, "taskset", "-c", "1", ...self, `--load=${WARMUP_S + WINDOW_S + 1}`], { stdout: "pipe", stderr: "ignore", stdin: "ignore" });
  const timeout = setTimeout(() => (server.kill("SIGKILL"), loader.kill("SIGKILL")), (WARMUP_S + WINDOW_S + 60) * 1000);
  const [s, l] = await Promise.all([lastJson(reader, seen), lastJson(loader.stdout.getReader())]);
  clearTimeout(timeout);
  return { ...s, ...l };
}

const serveMode = flag("serve") as Mode | undefined;
const loadFor = flag("load");
if (serveMode) await serve(serveMode);
else if (loadFor) await load(Number(loadFor));
else await main();
