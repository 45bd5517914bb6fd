export * from "./proxy.ts";
export * from "./proxy-context.ts";
export * from "./dialog-table.ts";
export * from "./next-hop.ts";
