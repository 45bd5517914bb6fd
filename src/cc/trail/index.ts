export * from "./trail-steps.ts";
export * from "./trail-recorder.ts";
export * from "./hours-verdict.ts";
export * from "./agent-facts.ts";
export * from "./ivr-trail.ts";
export * from "./trail-words.ts";
export * from "./replay.ts";
export * from "./dial-words.ts";
