export * from "./call-log.ts";
export * from "./internal-calls.ts";
export * from "./recordings-usage.ts";
