export * from "./text.ts";
export * from "./fields.tsx";
export * from "./service-layout.tsx";
export * from "./info-page.tsx";
