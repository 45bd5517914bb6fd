export * from "./first-run.ts";
export * from "./charges.ts";
export * from "./agent-state-recorder.ts";
export * from "./my-performance.ts";
export * from "./cti-log.ts";
