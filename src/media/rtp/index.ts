export * from "./rtp-packet.ts";
export * from "./port-allocator.ts";
export * from "./media-endpoint.ts";
export * from "./rtp-endpoint.ts";
export * from "./rtcp.ts";
export * from "./rtcp-reporter.ts";
