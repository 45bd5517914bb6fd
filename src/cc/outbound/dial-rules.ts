import { DEFAULT_OUTBOUND_RULES, type OutboundRules, type Service, type Trunk } from "../../store/index.ts";
import { openState, type Flow } from "../ivr/index.ts";
import type { EndReason, TrunkTarget } from "../../telephony/index.ts";
import type { CallResult } from "../../store/index.ts";
import { cleanDialString, isInternational } from "../routing/index.ts";

/**
 * Why an agent may not dial a number (C9, A4, T9): international destinations, and Korean
 * premium-rate information lines (060, billed to the caller), each a message key of the one door;
 * both refused unless the service's outbound rules allow them (issue 16 point 6: off by default).
 */
export function outboundRefusal(
  number: string,
  rules: Pick<OutboundRules, "allowInternational" | "allowPremium"> = DEFAULT_OUTBOUND_RULES,
): "international" | "premiumNumber" | undefined {
  if (isInternational(number)) return rules.allowInternational ? undefined : "international";
  const n = cleanDialString(number).replace(/^\+82/, "0");
  if (n.startsWith("060") && !rules.allowPremium) return "premiumNumber";
  return undefined;
}

/**
 * Why a call out may not be placed now (issue 16 point 6): the number's refusal, else "afterHours" when the
 * service is closed (its ARS hours or a holiday, C2/C3) and its rules do not allow outbound calls after hours.
 */
export function dialRefusal(
  number: string,
  rules: OutboundRules,
  flow: Pick<Flow, "hours" | "holidays">,
  now: number,
  timeZone: string,
): "international" | "premiumNumber" | "afterHours" | undefined {
  const refusal = outboundRefusal(number, rules);
  if (refusal) return refusal;
  if (!rules.allowAfterHours && openState(flow, now, timeZone) !== "open") return "afterHours";
  return undefined;
}

/** The trunk carrying one of the service's numbers, else the first trunk. */
export function trunkFor(trunks: Trunk[], service: Service): Trunk | undefined {
  return trunks.find((t) => t.numbers.some((n) => n.serviceId === service.serviceId)) ?? trunks[0];
}

/** Where telephony sends the INVITE; credentials only for carriers we register with (T7). */
export function trunkTarget(trunk: Trunk): TrunkTarget {
  const withCredentials = trunk.mode === "register" && trunk.username !== "";
  return {
    host: trunk.host,
    port: trunk.port,
    transport: trunk.transport,
    ...(withCredentials ? { username: trunk.username, password: trunk.password } : {}),
    trunkId: trunk.trunkId,
    assertIdentity: trunk.assertIdentity,
    ...(trunk.fromUser === "account" && trunk.username ? { fromAccount: trunk.username } : {}),
    ...(trunk.fromUser === "anonymous" ? { withhold: true } : {}),
    ...(trunk.outboundProxy ? { outboundProxy: trunk.outboundProxy } : {}),
  };
}

/** How an unanswered outbound call ended, as the record says it (C9, C11). */
export type DialFailure = Extract<CallResult, "busy" | "no-answer" | "rejected" | "unreachable">;

/**
 * Read the far end's final answer (RFC 3261 §21): 486/600 busy; 408/480 and our own ring timeout no
 * answer; 403/603 and other refusals rejected; 404/410/484/485/604, 5xx, no response and transport failures
 * unreachable.
 */
export function dialFailure(reason: EndReason): DialFailure {
  const status = reason.status;
  if (reason.cause === "busy" || status === 486 || status === 600) return "busy";
  // No response at all to the INVITE (Timer B), unlike our own ring timeout, which has no status.
  if (reason.by === "system" && reason.cause === "timeout" && status === 408) return "unreachable";
  if (reason.cause === "timeout" || reason.cause === "cancel" || status === 408 || status === 480 || status === 487) return "no-answer";
  if (reason.cause === "failed" || (status !== undefined && ((status >= 500 && status < 600) || [404, 410, 484, 485, 604].includes(status)))) return "unreachable";
  return "rejected";
}

/**
 * The reason phrase a desk phone's refused dial is answered with (RFC 3261 §21: its 403 or 486 says why). A refused
 * dial leaves no call record, so this and the log line are where its reason shows (issue 17 point 3).
 */
export const REFUSAL_PHRASE = {
  international: "International Calls Not Allowed",
  premiumNumber: "Premium-Rate Numbers Not Allowed",
  afterHours: "Closed - No Outbound Calls After Hours",
  extension: "Extension Minute Cap Reached",
  trunk: "Trunk Minute Cap Reached",
  trunksBusy: "All Trunks Busy",
} as const;

/** What a desk phone's own INVITE is answered with for each failure, so the phone plays its tone. */
export const DESK_CAUSE: Record<DialFailure, EndReason["cause"]> = {
  busy: "busy", // 486
  "no-answer": "timeout", // 480
  rejected: "rejected", // 403
  unreachable: "failed", // 480
};
