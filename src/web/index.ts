export * from "./app.ts";
export type * from "./deps.ts";
