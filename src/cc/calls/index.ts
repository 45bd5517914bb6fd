export * from "./call-log.ts";
