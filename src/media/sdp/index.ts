export * from "./sdp-types.ts";
export * from "./sdp-parse.ts";
export * from "./sdp-session.ts";
