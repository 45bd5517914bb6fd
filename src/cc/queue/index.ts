export * from "./queue-entry-state.ts";
export * from "./queue-entry.ts";
export * from "./strategies.ts";
export * from "./acd.ts";
