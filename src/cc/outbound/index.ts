export * from "./outbound-call.ts";
