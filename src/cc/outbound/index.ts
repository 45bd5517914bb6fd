export * from "./outbound-call.ts";
export * from "./dial-rules.ts";
