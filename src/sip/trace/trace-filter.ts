import { userOf, type SipMessage } from "../message/index.ts";

/** Call-IDs remembered per trace; the oldest are forgotten first (a trace of a busy number stays bounded). */
const MAX_DIALOGS = 10_000;

/** A dialled string as compared: percent-escapes decoded, visual separators removed (RFC 3261 §19.1.2). */
export function cleanUser(user: string): string {
  let s = user;
  try {
    s = decodeURIComponent(user);
  } catch {
    /* not valid percent-encoding: keep the raw text */
  }
  return s.replace(/[\s().-]/g, "");
}

/**
 * Which messages a trace keeps (X6): those whose Request-URI, From or To user is one of the
 * traced forms of a number or extension, and from then on every message with the same Call-ID,
 * so a dialog's responses, ACK and BYE are kept whatever their headers say.
 */
export class TraceFilter {
  private readonly users: Set<string>;
  private readonly callIds = new Set<string>();

  /** `users`: the forms to match ("1001", or "0215881234" and "+82215881234"). */
  constructor(users: readonly string[]) {
    this.users = new Set(users.map(cleanUser).filter(Boolean));
  }

  matches(message: SipMessage): boolean {
    const callId = message.headers.get("call-id");
    if (callId !== undefined && this.callIds.has(callId)) return true;
    const hit =
      (message.kind === "request" && this.users.has(cleanUser(userOf(message.uri)))) ||
      this.users.has(cleanUser(userOf(message.headers.get("from")))) ||
      this.users.has(cleanUser(userOf(message.headers.get("to"))));
    if (hit && callId !== undefined) this.remember(callId);
    return hit;
  }

  private remember(callId: string): void {
    if (this.callIds.size >= MAX_DIALOGS) this.callIds.delete(this.callIds.values().next().value!);
    this.callIds.add(callId);
  }
}
