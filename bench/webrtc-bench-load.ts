/**
 * The load of bench/webrtc-bench.ts (run by it, one process per step, on the other core): per call a caller
 * sending 172-byte PCMU packets (white noise) every 20 ms from its own port, and an agent that echoes every
 * packet back — a werift peer standing in for a browser (answers the server's WebRTC offer, DTLS-SRTP), or a
 * plain UDP echo. Calls are set up one after another (so callers' packets spread over the 20 ms, like
 * independent phones); prints one JSON line per call ({ i, callerLeg, agentLeg }) and then "ready".
 *
 *   bun bench/webrtc-bench-load.ts --calls=N --mode=webrtc|rtp --base=PORT --control=PORT
 */
import { CallMedia, WebRtcFactory } from "../src/media/index.ts";
import { agentPort, callerPort } from "./webrtc-bench-server.ts";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? "";
const N = Number(arg("calls"));
const MODE = arg("mode") === "rtp" ? "rtp" : "webrtc";
const BASE = Number(arg("base"));
const CONTROL = `http://127.0.0.1:${arg("control")}`;
/** --burst: every caller on one common 20 ms grid (all packets of a tick at once, like SIPp's rtp_stream). */
const BURST = process.argv.includes("--burst");
const ORIGIN = performance.now();

const noise = crypto.getRandomValues(new Uint8Array(1 << 16));
const callers: { sock: Bun.udp.Socket<"uint8array">; to: number; due: number; seq: number; ts: number; ssrc: number; packet: Uint8Array }[] = [];
let noiseAt = 0;

function send(c: (typeof callers)[number]): void {
  const p = c.packet;
  const v = new DataView(p.buffer);
  c.seq = (c.seq + 1) & 0xffff;
  c.ts = (c.ts + 160) >>> 0;
  v.setUint16(2, c.seq);
  v.setUint32(4, c.ts);
  if (noiseAt + 160 > noise.length) noiseAt = 0;
  p.set(noise.subarray(noiseAt, noiseAt + 160), 12);
  noiseAt += 160 + 7;
  try {
    c.sock.send(p, c.to, "127.0.0.1");
  } catch {
    /* the server is gone */
  }
}

/** One timer for every caller; each sends on its own 20 ms grid (drift-free). */
setInterval(() => {
  const now = performance.now();
  for (const c of callers) {
    while (c.due <= now) {
      send(c);
      c.due += 20;
    }
  }
}, 1);

const post = async (path: string, body?: string) => {
  const res = await fetch(`${CONTROL}${path}`, { method: "POST", body });
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as { offer?: string; ready?: boolean; callerLeg: number; agentLeg: number };
};

const factory = MODE === "webrtc" ? await WebRtcFactory.start({ bindAddress: "127.0.0.1" }) : undefined;
for (let i = 0; i < N; i++) {
  const sock = await Bun.udpSocket({ hostname: "127.0.0.1", port: callerPort(BASE, i), binaryType: "uint8array", socket: { data() {}, error() {} } });
  let legs = await post(`/call/${i}`);
  if (factory) {
    const browser = CallMedia.webrtc(factory, { advertisedAddress: "127.0.0.1" });
    await browser.prepareAnswer(legs.offer!);
    legs = await post(`/answer/${i}`, browser.answerOffer(legs.offer!));
    if (!legs.ready || !(await browser.whenReady(10_000))) throw new Error(`call ${i}: DTLS did not come up`);
    const ep = browser.endpoint;
    ep.onPacket.subscribe((p) => void ep.sendFrom(p.data, p.payloadOffset, p.payloadLength, p.payloadType, false, 160));
  } else {
    await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: agentPort(BASE, i),
      binaryType: "uint8array",
      socket: {
        data(s, buf, port, address) {
          try {
            s.send(buf, port, address);
          } catch {
            /* gone */
          }
        },
        error() {},
      },
    });
  }
  const packet = new Uint8Array(172);
  packet[0] = 0x80;
  new DataView(packet.buffer).setUint32(8, 0x10000 + i);
  callers.push({ sock, to: legs.callerLeg, due: BURST ? ORIGIN + Math.ceil((performance.now() - ORIGIN) / 20) * 20 : performance.now(), seq: (Math.random() * 0xffff) & 0xffff, ts: 0, ssrc: 0x10000 + i, packet });
  console.log(JSON.stringify({ i, callerLeg: legs.callerLeg, agentLeg: legs.agentLeg }));
  await Bun.sleep(10);
}
console.log("ready");
