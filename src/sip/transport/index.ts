export * from "./endpoint.ts";
export * from "./transport.ts";
export * from "./udp-transport.ts";
export * from "./tcp-transport.ts";
export * from "./ws-transport.ts";
