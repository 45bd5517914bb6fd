export * from "./call-media.ts";
export * from "./bridge-calls.ts";
