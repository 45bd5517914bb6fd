/**
 * The canary call's ear (issue 17 point 5): a prompt resolved from disk as a call would play it,
 * sent as PCMU RTP from one real endpoint to another on the loopback interface, and measured where
 * it arrives. A fresh library per probe reads the files as they are now (the live one caches).
 */
import { existsSync } from "node:fs";
import { decodeG711, encodeG711, PAYLOAD_TYPE } from "../codec/index.ts";
import { FRAME } from "../player/index.ts";
import { RtpEndpoint } from "../rtp/index.ts";
import { PromptLibrary } from "./prompt-library.ts";
import type { DefaultPromptFiles, MediaPromptRef } from "./prompt-types.ts";

/** What arrived at the probe's RTP endpoint. */
export interface PromptProbe {
  /** The service's own file of this prompt exists but cannot be decoded (callers would hear the default). */
  unreadable: boolean;
  /** Milliseconds of audio sent and received. */
  sentMs: number;
  receivedMs: number;
  /** Level of the received audio, dBFS (−Infinity: digital silence). */
  rmsDbfs: number;
}

/** At most this much of a prompt is probed (enough to tell speech from silence). */
const MAX_MS = 30_000;
/** Frames sent before yielding, so the loopback socket never overflows. */
const BURST = 25;

/** Resolve `ref` as a call would, send it through real RTP to 127.0.0.1 and measure what arrives. */
export async function probePrompt(o: { dataDir: string; defaults?: DefaultPromptFiles; ref: MediaPromptRef; maxMs?: number }): Promise<PromptProbe> {
  const lib = new PromptLibrary({ dataDir: o.dataDir, defaults: o.defaults });
  let unreadable = false;
  if (o.ref.kind === "prompt" && o.ref.serviceId) {
    const own = lib.servicePath(o.ref.serviceId, o.ref.id);
    if (own && existsSync(own)) {
      // The library falls back to the default when the service's file cannot be read: same audio object.
      const mine = await lib.pcm(o.ref.id, o.ref.language, o.ref.serviceId);
      const fallback = await lib.pcm(o.ref.id, o.ref.language);
      unreadable = mine === undefined || mine === fallback;
    }
  }
  const source = await lib.source(o.ref);
  const rx = await RtpEndpoint.open({ bindAddress: "127.0.0.1", latch: false });
  const tx = await RtpEndpoint.open({ bindAddress: "127.0.0.1", latch: false, remote: { address: "127.0.0.1", port: rx.port } });
  let received = 0;
  let sumSquares = 0;
  const pcm = new Int16Array(FRAME);
  const off = rx.onPacket.subscribe((p) => {
    const bytes = p.payload;
    const samples = decodeG711("PCMU", bytes, pcm.subarray(0, Math.min(bytes.length, FRAME)));
    for (let i = 0; i < samples.length; i++) sumSquares += samples[i]! * samples[i]!;
    received += samples.length;
  });
  try {
    const frame = new Int16Array(FRAME);
    const payload = new Uint8Array(FRAME);
    const maxFrames = Math.floor((o.maxMs ?? MAX_MS) / 20);
    let sent = 0;
    while (sent < maxFrames && source.read(frame)) {
      tx.send(encodeG711("PCMU", frame, payload), PAYLOAD_TYPE.PCMU, sent === 0);
      sent++;
      if (sent % BURST === 0) await Bun.sleep(1);
    }
    // Wait (briefly) for the last packets to arrive.
    for (let i = 0; i < 50 && received < sent * FRAME; i++) await Bun.sleep(2);
    const rms = received ? Math.sqrt(sumSquares / received) : 0;
    return { unreadable, sentMs: sent * 20, receivedMs: (received / 8) | 0, rmsDbfs: rms > 0 ? 20 * Math.log10(rms / 32768) : -Infinity };
  } finally {
    off();
    tx.close();
    rx.close();
  }
}
