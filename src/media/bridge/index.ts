export * from "./stream-rewriter.ts";
export * from "./media-bridge.ts";
