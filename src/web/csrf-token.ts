import type { Context } from "hono";

/** Does an unsafe request carry the session's CSRF token (`X-CSRF-Token` header or `_csrf` form field)? */
export async function hasCsrfToken(c: Context, expected: string): Promise<boolean> {
  const header = c.req.header("X-CSRF-Token");
  if (header) return header === expected;
  const body = await c.req.parseBody();
  return body._csrf === expected;
}
