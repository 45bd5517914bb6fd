import type { z } from "zod";
import { AppError } from "../../lib/index.ts";

/**
 * A change refused by a rule of the center. `code` and every field value are message keys
 * ("licenceFull", "onceADay", "required" …) that each door translates the same way (Korean and
 * English), so a rule broken in the pages and through the API reads the same.
 */
export class RuleError extends AppError {
  constructor(status: 404 | 409 | 422, code: string, fields?: Record<string, string>) {
    super(status, code, code, fields);
    this.name = "RuleError";
  }
}

/** A rule broken by one field. */
export const refuse = (field: string, key: string, status: 404 | 409 | 422 = 422): RuleError => new RuleError(status, key, { [field]: key });

/** Something named in the request does not exist. */
export const missing = (what: string): RuleError => new RuleError(404, "notFound", { [what]: "notFound" });

/** Parse with the operation's schema; a failure becomes a RuleError whose fields are the schema's message keys. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    fields[key] ??= /^[A-Za-z.]+$/.test(issue.message) && issue.message.length <= 40 ? issue.message : "format";
  }
  throw new RuleError(422, "invalid", fields);
}
