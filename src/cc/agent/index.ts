export * from "./agent-state.ts";
export * from "./agent-board.ts";
export * from "./feature-codes.ts";
export * from "./call-end-cause.ts";
export * from "./agent-timeline.ts";
