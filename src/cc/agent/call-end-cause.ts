import type { EndReason } from "../../telephony/index.ts";
import { cause, type StateCause } from "./agent-state.ts";

/**
 * Why a call freed its agent (issue 17), as a state-change cause: a BYE from either side, a
 * session refresh that failed (RFC 4028), media that stopped (the RTP timeout), a restart …
 * `side`: who ended it, as the connected call saw it.
 */
export function callEndCause(side: "caller" | "agent" | "system", reason: EndReason): StateCause {
  const who = side === "caller" ? "caller" : side === "agent" ? "agent's phone" : "appliance";
  switch (reason.cause) {
    case "media-timeout":
      return cause("media", `no RTP from the ${who} for ${Math.round((reason.silentMs ?? 0) / 1000)} s`);
    case "expired":
      return cause("sip", `session refresh failed (${who})`);
    case "bye":
      return cause("call", `${who} hung up`);
    case "shutdown":
    case "interrupted":
      return cause("restart");
    default:
      return cause("call", `${reason.cause}${reason.status ? ` ${reason.status}` : ""} (${who})`);
  }
}
