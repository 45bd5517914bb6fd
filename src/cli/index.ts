export * from "./bans-command.ts";
export * from "./usage.ts";
