export * from "./event.ts";
export * from "./fanout.ts";
export * from "./clock.ts";
export * from "./log.ts";
export * from "./errors.ts";
export * from "./ids.ts";
export * from "./metrics.ts";
export * from "./certificate.ts";
