export * from "./outbound-call.ts";
export * from "./dial-rules.ts";
export * from "./outbound-caps.ts";
