export * from "./call-log.ts";
export * from "./internal-calls.ts";
