export * from "./call-media.ts";
export * from "./bridge-calls.ts";
export * from "./leg-media.ts";
