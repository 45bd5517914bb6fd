import type { Context } from "hono";
import type { z } from "zod";

/** A form body as plain fields: repeated names become arrays, files are dropped unless asked for. */
export async function formFields(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string");
    else if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** Outcome of validating a form: the parsed value, or field name → error key. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * Validate with zod (the schema's messages are error keys such as "required" or "format"); the
 * first issue of each field wins, nested paths are joined with ".".
 */
export function check<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    if (!(key in errors)) errors[key] = /^[a-zA-Z]+$/.test(issue.message) ? issue.message : "format";
  }
  return { ok: false, errors };
}

/** Always an array (a form field sent once or several times). */
export const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
