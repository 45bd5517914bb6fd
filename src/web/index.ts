export * from "./app.ts";
export type * from "./deps.ts";
export { softphoneSecretsFor } from "./agent/softphone-credentials.ts";
export { statisticsCsvTotals } from "./admin/statistics.tsx";
