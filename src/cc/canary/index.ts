export * from "./canary-leg.ts";
export * from "./canary-walk.ts";
export * from "./canary.ts";
