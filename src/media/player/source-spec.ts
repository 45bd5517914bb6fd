import { BufferSource, FRAME, SequenceSource, SilenceSource } from "./pcm-source.ts";
import type { PcmSource } from "./pcm-source.ts";
import { ToneSource } from "./tones.ts";
import type { ToneSpec } from "./tones.ts";

/**
 * A `PcmSource` as plain data, so a prompt resolved on the main thread can be played by a media worker
 * (structured clone). Sources that describe themselves (`toSpec()`) travel as what they are; any other is
 * rendered into a buffer (at most `MAX_RENDER_MS`).
 */
export type SourceSpec =
  | { kind: "buffer"; pcm: Int16Array; loop: boolean; pos: number }
  | { kind: "tone"; spec: ToneSpec; t: number }
  | { kind: "silence"; frames: number }
  | { kind: "sequence"; parts: SourceSpec[] };

/** Implemented by sources that can describe themselves as a `SourceSpec`. */
export interface DescribedSource extends PcmSource {
  toSpec(): SourceSpec;
}

/** The longest audio an opaque source is rendered to before it crosses to a worker (ms). */
export const MAX_RENDER_MS = 10 * 60_000;

/** Describe `source` as data; an opaque source is read to its end into a buffer (bounded). */
export function sourceToSpec(source: PcmSource): SourceSpec {
  const described = (source as Partial<DescribedSource>).toSpec;
  if (typeof described === "function") return described.call(source);
  const frame = new Int16Array(FRAME);
  const chunks: Int16Array[] = [];
  for (let i = 0; i < MAX_RENDER_MS / 20 && source.read(frame); i++) chunks.push(frame.slice());
  const pcm = new Int16Array(chunks.length * FRAME);
  chunks.forEach((c, i) => pcm.set(c, i * FRAME));
  return { kind: "buffer", pcm, loop: false, pos: 0 };
}

/** The source a spec describes (in the worker). */
export function sourceFromSpec(spec: SourceSpec): PcmSource {
  switch (spec.kind) {
    case "buffer":
      return new BufferSource(spec.pcm, spec.loop, spec.pos);
    case "tone":
      return new ToneSource(spec.spec, spec.t);
    case "silence":
      return SilenceSource.frames(spec.frames);
    case "sequence":
      return new SequenceSource(spec.parts.map(sourceFromSpec));
  }
}
