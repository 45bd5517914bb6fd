export * from "./sip-server.ts";
export * from "./sip-observer.ts";
export type { Binding, LocationStore } from "./registrar/index.ts";
export type { CredentialStore, SipCredentials } from "./auth/index.ts";
export { computeHa1 } from "./auth/index.ts";
export type { Ban, BanStore } from "./security/index.ts";
export { WsTransport, type SipWsData, type Endpoint } from "./transport/index.ts";
export { UserAgent, IncomingCall, OutgoingCall, SipCall, CallState, type CallEnd, type OutgoingCallOptions } from "./b2bua/index.ts";
export type { CallRouting } from "./request-router.ts";
