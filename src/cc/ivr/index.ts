export * from "./flow-schema.ts";
export * from "./business-hours.ts";
export * from "./korean-holidays.ts";
export * from "./menu.ts";
export * from "./ivr-session.ts";
export * from "./digit-collector.ts";
export * from "./after-hours-text.ts";
export * from "./callback-offer-text.ts";
