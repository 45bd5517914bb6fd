import type { Context } from "hono";
import { RuleError, type Actor } from "../../cc/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";

/** The signed-in member of the pages as the actor of a change or a look (H5). */
export function memberActor(c: Context, deps: WebDeps): Actor {
  const auth = c.get("auth" as never) as { member: { loginId: string } } | undefined;
  return { kind: "member", id: auth?.member.loginId ?? "-", ip: clientIp(c, deps.config.trustedProxies) };
}

/** A domain operation's outcome for a form: its value, or the rule's field errors (message keys) and status. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; status: 404 | 409 | 422 };

/** Run a domain operation for a page; a refused rule becomes the form's field errors. */
export async function attempt<T>(op: () => T | Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await op() };
  } catch (e) {
    if (!(e instanceof RuleError)) throw e;
    return { ok: false, errors: e.fields ?? { _form: e.code }, status: e.status as 404 | 409 | 422 };
  }
}
