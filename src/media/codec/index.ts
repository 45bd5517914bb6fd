export * from "./g711.ts";
export * from "./g722.ts";
export * from "./audio-codec.ts";
