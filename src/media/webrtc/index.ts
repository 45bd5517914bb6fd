export * from "./webrtc-sdp.ts";
export * from "./webrtc-endpoint.ts";
export * from "./webrtc-session.ts";
export * from "./webrtc-factory.ts";
