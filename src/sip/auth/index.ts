export * from "./credential-store.ts";
export * from "./digest-header.ts";
export * from "./digest-authenticator.ts";
export * from "./nonce-keeper.ts";
export * from "./digest-client.ts";
export * from "./alternate-secrets.ts";
