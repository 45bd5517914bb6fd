export * from "./call-log.ts";
export * from "./internal-calls.ts";
export * from "./recordings-usage.ts";
export * from "./agent-calls.ts";
export * from "./call-sounds.ts";
export * from "./connected-call.ts";
export * from "./agent-talk.ts";
