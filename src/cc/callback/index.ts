export * from "./callbacks.ts";
export * from "./callback-scheduler.ts";
export * from "./next-opening.ts";
