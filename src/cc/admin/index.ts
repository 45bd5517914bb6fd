export * from "./actor.ts";
export * from "./rule-error.ts";
export * from "./change-log.ts";
export * from "./admin-context.ts";
export * from "./service-admin.ts";
export * from "./agent-admin.ts";
export * from "./access-admin.ts";
export * from "./administration.ts";
