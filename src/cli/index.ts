export * from "./bans-command.ts";
export * from "./usage.ts";
export * from "./access-command.ts";
export * from "./trace-command.ts";
export * from "./api-key-command.ts";
export * from "./backup-command.ts";
export * from "./restore-command.ts";
export * from "./check-command.ts";
