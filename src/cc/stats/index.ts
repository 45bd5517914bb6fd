export * from "./statistics.ts";
export * from "./live.ts";
