export * from "./location-store.ts";
export * from "./registrar.ts";
