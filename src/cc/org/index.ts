export * from "./first-run.ts";
export * from "./charges.ts";
