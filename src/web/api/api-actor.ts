import type { Context } from "hono";
import type { Actor } from "../../cc/index.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The named API key of the request (set by the API's key check). */
    apiActor?: Actor;
    /** X4: the one service the request's key is limited to, if any. */
    apiScope?: string;
  }
}

/** The API key that made this request, as the actor of a change or a look (H5). */
export function apiActor(c: Context): Actor {
  return c.get("apiActor") ?? { kind: "api-key", id: "-" };
}
