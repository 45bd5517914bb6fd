export * from "./messages.ts";
export * from "./layouts/page.tsx";
export * from "./pages/login-page.tsx";
export * from "./pages/phones-page.tsx";
export * from "./partials/phones-table.tsx";
export * from "./settings/index.ts";
export * from "./components/ops.ts";
export * from "./agent/index.ts";
