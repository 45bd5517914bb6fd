export * from "./pcap.ts";
export * from "./trace-filter.ts";
export * from "./trace-text.ts";
export * from "./sip-tracer.ts";
