export * from "./location-store.ts";
export * from "./registrar.ts";
export * from "./device-presence.ts";
