export * from "./bans-command.ts";
export * from "./usage.ts";
export * from "./access-command.ts";
export * from "./trace-command.ts";
export * from "./api-key-command.ts";
