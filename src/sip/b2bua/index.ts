export * from "./call-state.ts";
export * from "./dialog.ts";
export * from "./sip-call.ts";
export * from "./incoming-call.ts";
export * from "./outgoing-call.ts";
export * from "./user-agent.ts";
export type { UaHost } from "./ua-host.ts";
