import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RuleError } from "../../cc/index.ts";
import { AppError, type Logger } from "../../lib/index.ts";
import { errorText, settingsText, type Lang } from "../../../views/index.ts";

/** The error body of every API failure: `{ "error": { "code", "message", "fields"? } }` (X3). */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .openapi("Error");

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const conflict = (code: string, message: string, fields?: Record<string, string>) =>
  new AppError(409, code, message, fields);

/** Field → message for every zod issue (paths joined with dots, "body" for the whole body); the domain's message keys in English. */
export function issueFields(error: z.ZodError, lang: Lang = "en"): Record<string, string> {
  const s = settingsText(lang);
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    fields[key] ??= /^[A-Za-z]+$/.test(issue.message) ? errorText(s, issue.message).replace(/^err\./, issue.message) : issue.message;
  }
  return fields;
}

/** An OpenAPIHono whose validation failures answer 422 with field messages (nothing stored). */
export function apiRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const fields = issueFields(result.error, languageOf(c));
      const summary = Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ");
      return c.json({ error: { code: "validation_failed", message: `Invalid request: ${summary}`, fields } }, 422);
    },
  });
}

/** Map a thrown error to the API error body: AppError and HTTPException keep their 4xx status. */
export function apiErrorResponse(err: Error, c: Context, logger: Logger): Response {
  if (err instanceof RuleError) return ruleErrorResponse(err, c);
  if (err instanceof AppError) {
    const body = { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
    return c.json({ error: body }, err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 400 ? "bad_request" : err.status === 401 ? "unauthorized" : "http_error";
    return c.json({ error: { code, message: err.message || "Bad request" } }, err.status);
  }
  logger.error({ err, path: c.req.path }, "API request failed");
  return c.json({ error: { code: "internal", message: "Internal error" } }, 500);
}

/** The API's language: Korean when the client asks for it first (`Accept-Language: ko`), else English. */
const languageOf = (c: Context): Lang => (/^\s*ko\b/i.test(c.req.header("Accept-Language") ?? "") ? "ko" : "en");

/**
 * A domain rule refused the change: the same message keys the pages translate, in the language
 * the client asks for (`Accept-Language: ko` → Korean, else English); `code` stays the key.
 */
function ruleErrorResponse(err: RuleError, c: Context): Response {
  const s = settingsText(languageOf(c));
  const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, errorText(s, v)])) : undefined;
  const message = fields ? Object.entries(fields).map(([k, v]) => (k === "_form" ? v : `${k}: ${v}`)).join(" ") : errorText(s, err.code);
  return c.json({ error: { code: err.code, message, ...(fields ? { fields } : {}) } }, err.status as ContentfulStatusCode);
}
