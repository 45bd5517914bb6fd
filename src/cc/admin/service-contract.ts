import { z } from "zod";
import type { PriceTable, ServiceType } from "../../store/index.ts";

/** The features a contract switches on (O1); each gates its pages. `phone` is the phone/CTI feature (O5). */
export const FEATURES = ["phone", "callback", "recording", "statistics", "tickets"] as const;
export type Feature = (typeof FEATURES)[number];

/** The types of service (O1). */
export const SERVICE_TYPES = ["contact-center", "tickets"] as const satisfies readonly ServiceType[];

/** The features a new contract of each type starts with. */
export const DEFAULT_FEATURES: Record<ServiceType, Feature[]> = {
  "contact-center": ["phone", "callback", "recording", "statistics"],
  tickets: ["tickets"],
};

/** A form's checkbox list or an API's array: every name must be a known feature. */
const featureList = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(FEATURES, "unknownFeature")),
);

/** The contract step of O1 (register or edit): features and the licensed agent count. */
export const contractSchema = z.object({
  features: featureList,
  licences: z.coerce.number("number").int("number").min(0, "range").max(10_000, "range"),
});
export type ContractInput = z.input<typeof contractSchema>;

/** The price table edit of O2: every item a whole, non-negative amount. */
export const priceTableSchema = z.record(
  z.string().regex(/^(licence|desk-phone|base:(contact-center|tickets)|feature:[a-z]+)$/, "format"),
  z.coerce.number("number").int("number").min(0, "range").max(100_000_000, "range"),
);

/** Banner images a service may show (O1): small PNG, JPEG, GIF or WebP. */
export const BANNER_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const MAX_BANNER_BYTES = 512 * 1024;

/** What a service pays in a month (O1 estimate, O2 charges), itemised, in won. */
export interface MonthlyCost {
  base: number;
  licences: number;
  features: number;
  deskPhones: number;
  total: number;
}

/**
 * The monthly cost of a contract: the type's base price, the licences, each feature on, and each
 * desk phone for `phoneDays` days (a whole month in an estimate).
 */
export function monthlyCost(
  prices: PriceTable,
  c: { type: ServiceType; licences: number; features: readonly string[]; deskPhones: number; phoneDays?: number },
): MonthlyCost {
  const p = (item: string) => prices[item] ?? 0;
  const base = p(`base:${c.type}`);
  const licences = c.licences * p("licence");
  const features = c.features.reduce((sum, f) => sum + p(`feature:${f}`), 0);
  const deskPhones = c.deskPhones * p("desk-phone") * (c.phoneDays ?? 30);
  return { base, licences, features, deskPhones, total: base + licences + features + deskPhones };
}
