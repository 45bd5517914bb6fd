import type { PriceTable, Repos, ServiceState, ServiceType } from "../../store/index.ts";
import { FEATURES, monthlyCost } from "../admin/index.ts";

/** One service's charge in a month (O2), itemised in won. */
export interface ChargeRow {
  serviceId: string;
  name: string;
  type: ServiceType;
  state: ServiceState | "terminated";
  base: number;
  licences: number;
  features: number;
  deskPhones: number;
  total: number;
}

/** Which services a charges query covers: all, one type, or one service. */
export type ChargeScope = "all" | `type:${ServiceType}` | `service:${string}`;

/** The charges of a month: the rows in scope and their totals per type and in all. */
export interface MonthCharges {
  month: string;
  rows: ChargeRow[];
  byType: Record<ServiceType, number>;
  total: number;
}

const DAY_MS = 86_400_000;

/** [start, end) of a `YYYY-MM` month in a time zone, in ms. */
export function monthRange(month: string, timeZone: string): { start: number; end: number } {
  const first = Temporal.PlainYearMonth.from(month).toPlainDate({ day: 1 });
  const start = first.toZonedDateTime({ timeZone }).epochMilliseconds;
  const end = first.add({ months: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
  return { start, end };
}

/**
 * The charges of `month` (O2) from the price table: every service contracted before the month
 * ends and not terminated before it starts pays the type's base, its licences and features for the
 * month, and its desk phones for the days it existed in the month. Terminated services are billed
 * from the snapshot kept at termination; a service still "not in use" pays nothing.
 */
export function monthCharges(repos: Repos, month: string, timeZone: string, scope: ChargeScope = "all", prices: PriceTable = repos.prices.table()): MonthCharges {
  const { start, end } = monthRange(month, timeZone);
  const live = new Map(repos.services.list().map((s) => [s.serviceId, s]));
  const contracts = new Map(repos.contracts.list().map((c) => [c.serviceId, c]));
  const ids = new Set([...live.keys(), ...contracts.keys()]);
  const rows: ChargeRow[] = [];
  for (const id of ids) {
    const s = live.get(id);
    const c = s ? repos.contracts.get(id, s.createdAt, FEATURES) : contracts.get(id)!;
    if (!c.features || c.contractedAt === undefined) continue;
    if (!s && !c.snapshot) continue;
    const from = Math.max(start, c.contractedAt);
    const to = Math.min(end, c.terminatedAt ?? Number.MAX_SAFE_INTEGER);
    if (from >= end || to <= start || to <= from) continue;
    const name = s?.name ?? c.snapshot!.name;
    const licences = s?.licences ?? c.snapshot!.licences;
    const phones = s ? repos.deskPhones.list(id).length : c.snapshot!.deskPhones;
    const cost = monthlyCost(prices, { type: c.type, licences, features: c.features, deskPhones: phones, phoneDays: Math.ceil((to - from) / DAY_MS) });
    rows.push({ serviceId: id, name, type: c.type, state: s?.state ?? "terminated", ...cost });
  }
  const inScope = rows
    .filter((r) => scope === "all" || scope === `type:${r.type}` || scope === `service:${r.serviceId}`)
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId));
  const byType: Record<ServiceType, number> = { "contact-center": 0, tickets: 0 };
  for (const r of inScope) byType[r.type] += r.total;
  return { month, rows: inScope, byType, total: inScope.reduce((sum, r) => sum + r.total, 0) };
}
