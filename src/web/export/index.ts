export * from "./table-export.ts";
export * from "./zip.ts";
