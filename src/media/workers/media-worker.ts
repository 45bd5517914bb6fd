/**
 * A media worker (issue 12): owns the RTP sockets of the legs placed on it and runs their packet path — relay
 * and transcoding, prompt pacing, DTMF detection, recording — with the very same media code as the main thread
 * (`CallMedia`, `bridgeCalls`, `CallRecorder`). It speaks only the messages of `protocol.ts`.
 */
import { readFileSync } from "node:fs";
import { PromptPlayer, sourceFromSpec } from "../player/index.ts";
import { CallRecorder } from "../recorder/index.ts";
import { RtpEndpoint } from "../rtp/index.ts";
import { bridgeCalls, CallMedia } from "../session/index.ts";
import type { CallBridge } from "../session/index.ts";
import type { FromWorker, ToWorker, WorkerCounters } from "./protocol.ts";

declare const self: Worker;

const legs = new Map<number, CallMedia>();
const taps = new Map<number, () => void>();
const digits = new Map<number, () => void>();
const bridges = new Map<number, CallBridge>();
/** What each leg's last packet time was when last reported. */
const reported = new Map<number, number>();

function post(message: FromWorker): void {
  self.postMessage(message);
}

CallRecorder.onWriteFailed.subscribe((path, error) => post({ t: "recordFailed", path, error: String(error) }));

async function open(m: Extract<ToWorker, { t: "open" }>): Promise<void> {
  try {
    const media = await CallMedia.open({ port: m.port, bindAddress: m.bindAddress, advertisedAddress: "0.0.0.0", inbandDtmf: m.inbandDtmf });
    legs.set(m.id, media);
    digits.set(m.id, media.onDtmf.subscribe((digit) => post({ t: "digit", id: m.id, digit })));
    post({ t: "opened", id: m.id, port: media.endpoint.port });
  } catch (error) {
    post({ t: "openFailed", id: m.id, error: String(error) });
  }
}

function close(id: number): void {
  taps.get(id)?.();
  taps.delete(id);
  digits.get(id)?.();
  digits.delete(id);
  reported.delete(id);
  legs.get(id)?.close();
  legs.delete(id);
}

function handle(m: ToWorker): void {
  switch (m.t) {
    case "open":
      return void open(m);
    case "apply":
      return legs.get(m.id)?.applyNegotiated(m.n);
    case "play": {
      const media = legs.get(m.id);
      if (!media) return post({ t: "played", play: m.play, result: "ended" });
      return void media.play(sourceFromSpec(m.source)).done.then((result) => post({ t: "played", play: m.play, result }));
    }
    case "stopPlay":
      return legs.get(m.id)?.player.stop();
    case "dtmf": {
      const media = legs.get(m.id);
      if (!media) return post({ t: "dtmfSent", req: m.req, ok: false });
      return void media.sendDtmf(m.digits).then((ok) => post({ t: "dtmfSent", req: m.req, ok }));
    }
    case "close":
      return close(m.id);
    case "tap": {
      const media = legs.get(m.id);
      taps.get(m.id)?.();
      taps.delete(m.id);
      // The datagram is copied into the message (a mixed bridge: WebRTC, or legs on two workers).
      if (media && m.on) taps.set(m.id, media.endpoint.onPacket.subscribe((p) => post({ t: "packet", id: m.id, data: p.data })));
      return;
    }
    case "send":
      return void legs.get(m.id)?.endpoint.send(m.payload, m.pt, m.marker, m.step);
    case "advance":
      return legs.get(m.id)?.endpoint.advanceTimestamp(m.samples);
    case "bridge": {
      const a = legs.get(m.a);
      const b = legs.get(m.b);
      if (!a || !b) return post({ t: "bridged", bridge: m.bridge, error: "a leg of the bridge is gone" });
      let error: string | undefined;
      let bridge: CallBridge;
      try {
        bridge = bridgeCalls(a, b, { recordTo: m.recordTo, dtmf: m.dtmf });
      } catch (e) {
        // A recording that cannot be opened must not cost the call: bridge without it.
        error = String(e);
        bridge = bridgeCalls(a, b, { dtmf: m.dtmf });
      }
      bridges.set(m.bridge, bridge);
      return post({ t: "bridged", bridge: m.bridge, error });
    }
    case "relay":
      return bridges.get(m.bridge)?.relay(m.on);
    case "replaceAgent":
      return bridges.get(m.bridge)?.replaceAgent(m.agent === undefined ? undefined : legs.get(m.agent));
    case "unbridge":
      bridges.get(m.bridge)?.stop();
      bridges.delete(m.bridge);
      return;
    case "stop":
      for (const bridge of bridges.values()) bridge.stop();
      bridges.clear();
      for (const id of [...legs.keys()]) close(id);
      return post({ t: "stopped" });
    case "crash":
      throw new Error("media worker crash requested (test)");
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);

// Each leg's last packet time, when it changed, ten times a second (the main thread's media timeout reads it).
setInterval(() => {
  const ids: number[] = [];
  const at: number[] = [];
  for (const [id, media] of legs) {
    const last = media.endpoint.lastReceivedAt;
    if (last === 0 || reported.get(id) === last) continue;
    reported.set(id, last);
    ids.push(id);
    at.push(performance.timeOrigin + last);
  }
  if (ids.length > 0) post({ t: "heard", ids, at });
}, 100);

/** This thread's CPU seconds (Linux: utime + stime of /proc/thread-self/stat, in 1/100 s); -1 elsewhere. */
function threadCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return -1;
  }
}

let lagMs = 0;
let expected = performance.now() + 50;
setInterval(() => {
  const now = performance.now();
  lagMs = Math.max(lagMs, now - expected);
  expected = now + 50;
}, 50);

setInterval(() => {
  const rtp = RtpEndpoint.totals;
  const c: WorkerCounters = {
    legs: legs.size,
    bridges: bridges.size,
    received: rtp.received,
    sent: rtp.sent,
    sendErrors: rtp.sendErrors,
    dropped: rtp.dropped,
    frames: PromptPlayer.totals.frames,
    late: PromptPlayer.totals.late,
    cpuSeconds: threadCpuSeconds(),
    lagMs: Math.round(lagMs * 10) / 10,
  };
  lagMs = 0;
  post({ t: "counters", c });
}, 1000);

post({ t: "ready" });
