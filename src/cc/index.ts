export * from "./org/index.ts";
export * from "./ivr/index.ts";
export * from "./agent/index.ts";
export * from "./queue/index.ts";
export * from "./callback/index.ts";
export * from "./calls/index.ts";
export * from "./stats/index.ts";
export * from "./contact-center.ts";
