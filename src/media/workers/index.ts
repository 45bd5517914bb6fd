export * from "./protocol.ts";
export * from "./proxy-endpoint.ts";
export * from "./remote-call-media.ts";
export * from "./media-workers.ts";
export * from "./bridge-legs.ts";
