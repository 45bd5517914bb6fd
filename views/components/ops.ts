// Monitoring, statistics and lookup views (D, S, H).
export * from "./ops-text.ts";
export * from "./phone-number.ts";
export * from "./ops-layout.tsx";
export * from "./list-controls.tsx";
export * from "../partials/dashboard-panels.tsx";
export * from "../pages/dashboard-page.tsx";
export * from "./data-table.tsx";
export * from "../pages/statistics-page.tsx";
export * from "./filter-form.tsx";
export * from "../pages/calls-page.tsx";
export * from "../pages/call-detail-page.tsx";
export * from "../pages/consultations-page.tsx";
export * from "../pages/callbacks-page.tsx";
export * from "../pages/worklist-page.tsx";
export * from "../pages/logs-lookup-page.tsx";
export { SERVICE_PAGES, ServiceNav, serviceMenu } from "./service-nav.tsx";
export * from "./lookup-page.tsx";
export * from "./system-words.ts";
