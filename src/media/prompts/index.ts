export * from "./prompt-types.ts";
export * from "./line-format.ts";
export * from "./synthesize.ts";
export * from "./prompt-library.ts";
export * from "./resample.ts";
export * from "./prompt-studio.ts";
export * from "./prompt-probe.ts";
