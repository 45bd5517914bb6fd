export * from "./webhook-events.ts";
export * from "./webhook-signature.ts";
export * from "./webhook-dispatcher.ts";
