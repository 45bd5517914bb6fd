import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { ContactCenter } from "../../cc/index.ts";
import { AppError } from "../../lib/index.ts";
import type { Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { ErrorSchema, notFound } from "./errors.ts";
import { errorResponses, jsonResponse } from "./openapi-helpers.ts";
import { ServiceParams } from "./schemas.ts";

/** The error answers of a contact-center route: the usual ones plus 503 when it is not running. */
export const ccErrorResponses = {
  ...errorResponses,
  503: jsonResponse(ErrorSchema, "The contact center is not running"),
} as const;

/** 503 `unavailable` for every route of a sub-app when the contact-center domain is not wired. */
export function requireCc(deps: WebDeps): MiddlewareHandler {
  return async (_c, next) => {
    if (!deps.cc) throw new AppError(503, "unavailable", "The contact center is not running");
    await next();
  };
}

/** The wired ContactCenter (routes behind `requireCc` only). */
export function ccOf(deps: WebDeps): ContactCenter {
  if (!deps.cc) throw new AppError(503, "unavailable", "The contact center is not running");
  return deps.cc;
}

/** The service or a 404. */
export function serviceOf(deps: WebDeps, serviceId: string): Service {
  const s = deps.repos.services.get(serviceId);
  if (!s) throw notFound(`service "${serviceId}"`);
  return s;
}

/** Epoch ms → ISO 8601 (UTC), keeping null. */
export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * An instant from a query value, in the service's time zone when the value has none: epoch ms
 * ("1772586000000"), a date ("2026-03-04": its local start, or with `endOfDay` the next day's start),
 * a local date-time ("2026-03-04T09:00") or an ISO instant with offset. Undefined when unreadable.
 */
export function parseInstant(value: string, timeZone: string, endOfDay = false): number | undefined {
  try {
    if (/^\d{1,15}$/.test(value)) return Number(value);
    if (DATE.test(value)) {
      const day = Temporal.PlainDate.from(value).toZonedDateTime(timeZone);
      return (endOfDay ? day.add({ days: 1 }) : day).epochMilliseconds;
    }
    if (LOCAL.test(value)) return Temporal.PlainDateTime.from(value).toZonedDateTime(timeZone).epochMilliseconds;
    return Temporal.Instant.from(value).epochMilliseconds;
  } catch {
    return undefined;
  }
}

const instantText = z
  .string()
  .refine((v) => parseInstant(v, "UTC") !== undefined, "must be an ISO date, date-time or epoch milliseconds");

/** `from` / `to` query fields (ISO dates or epoch ms). */
export const rangeQuery = {
  from: instantText.optional().openapi({ description: "Start (inclusive): ISO date or date-time, or epoch ms; default today" }),
  to: instantText.optional().openapi({ description: "End (exclusive; a date means its whole day): ISO or epoch ms" }),
};

/**
 * [from, to) in ms for a service: given values read in its time zone; missing ones default to
 * today (local midnight to the next; `to` at least a day after `from`). A range ending before it starts is refused with 422.
 */
export function rangeOf(service: Service, q: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(service.timezone).startOfDay();
  const from = q.from ? parseInstant(q.from, service.timezone)! : today.epochMilliseconds;
  const tomorrow = today.add({ days: 1 }).epochMilliseconds;
  const to = q.to ? parseInstant(q.to, service.timezone, true)! : Math.max(tomorrow, from + 86_400_000);
  if (to <= from) {
    throw new AppError(422, "validation_failed", "Invalid request: to: must be after from", { to: "must be after from" });
  }
  return { from, to };
}

/** Path parameters of one call. */
export const CallParams = ServiceParams.extend({ callId: z.string().openapi({ param: { name: "callId", in: "path" } }) });
