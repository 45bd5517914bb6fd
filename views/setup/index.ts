// The first day's pages (issue 9): carrier trunks, phone setup, the readiness checklist.
export * from "./trunk-text.ts";
export * from "./trunk-form.tsx";
export * from "./trunks-page.tsx";
export * from "./outbound-rules-card.tsx";
export * from "./setup-text.ts";
export * from "./phone-setup.tsx";
export * from "./agent-sheet-page.tsx";
export * from "./readiness-card.tsx";
export * from "./services-page.tsx";
