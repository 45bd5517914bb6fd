export * from "./ban-store.ts";
export * from "./ban-list.ts";
export * from "./rate-limiter.ts";
export * from "./scanner-filter.ts";
