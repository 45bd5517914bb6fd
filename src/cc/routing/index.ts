export * from "./dial-string.ts";
export * from "./number-plan.ts";
export * from "./trunk-lines.ts";
export * from "./trunk-order.ts";
