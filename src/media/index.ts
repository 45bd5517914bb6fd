/** Media layer (SPEC M1–M7): G.711, SDP, RTP, prompts, DTMF, bridging, recording. No SIP inside. */
export * from "./codec/index.ts";
export * from "./sdp/index.ts";
export * from "./rtp/index.ts";
export * from "./webrtc/index.ts";
export * from "./player/index.ts";
export * from "./dtmf/index.ts";
export * from "./bridge/index.ts";
export * from "./recorder/index.ts";
export * from "./prompts/index.ts";
export * from "./prompts/index.ts";
export * from "./session/index.ts";
export * from "./workers/index.ts";
