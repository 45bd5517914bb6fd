import type { Lang, Translate } from "../../../views/index.ts";
import type { Member, WebSession } from "../../store/index.ts";

/** Context variables of the admin pages. */
export type AdminEnv = {
  Variables: {
    lang: Lang;
    t: Translate;
    /** Set by `loadSession` when the request carries a live session cookie. */
    auth?: { session: WebSession; member: Member };
  };
};

/** Name of the session cookie. */
export const SESSION_COOKIE = "cc_session";

/** How long a web session lives. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
