export * from "./reconcile-day.ts";
export * from "./reconciler.ts";
