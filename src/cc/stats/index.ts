export * from "./statistics.ts";
export * from "./live.ts";
export * from "./stats-sums.ts";
export * from "./center-gauges.ts";
export * from "./figure-definitions.ts";
export * from "./figure-calls.ts";
export * from "./agent-talk-rows.ts";
