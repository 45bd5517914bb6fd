export * from "./pcm-source.ts";
export * from "./packetizer.ts";
export * from "./tones.ts";
export * from "./prompt-player.ts";
export * from "./source-spec.ts";
