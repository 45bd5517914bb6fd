export * from "./org/index.ts";
