export * from "./trunk-registration-state.ts";
export * from "./trunk-registration.ts";
export * from "./trunk-probe.ts";
export * from "./caller-headers.ts";
export * from "./carrier-resolver.ts";
