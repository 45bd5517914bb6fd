import type { NewTrunkInput, OutboundRulesInput, TrunkChangeInput } from "../../cc/index.ts";
import type { Trunk } from "../../store/index.ts";
import type { TrunkFormValues } from "../../../views/index.ts";
import { many } from "./form.ts";

/** The form values of a stored trunk (the password is never shown). */
export function trunkValues(t: Trunk): TrunkFormValues {
  return {
    trunkId: t.trunkId,
    name: t.name,
    mode: t.mode,
    host: t.host,
    port: String(t.port),
    transport: t.transport,
    username: t.username,
    anyPort: t.anyPort,
    addresses: t.addresses.join("\n"),
    fromUser: t.fromUser,
    assertIdentity: t.assertIdentity,
    priority: String(t.priority),
    maxCalls: String(t.maxCalls),
    outboundProxy: t.outboundProxy,
    capHourMinutes: String(t.capHourMinutes),
    capDayMinutes: String(t.capDayMinutes),
    numbers: t.numbers.map((n) => ({ number: n.number, serviceId: n.serviceId })),
  };
}

/**
 * The posted form as the domain's trunk input plus the values to show again. Rows without a number
 * are dropped first, so the domain's `numbers.<i>` errors point at the rows shown again. A port
 * that is not a number is passed on as text so the domain's schema names it; an empty password
 * on an edit keeps the stored one (as the API does without `password`).
 */
export function readTrunkForm(fields: Record<string, string | string[]>): { values: TrunkFormValues; input: NewTrunkInput & TrunkChangeInput; password: string } {
  const text = (k: string) => String(many(fields[k])[0] ?? "").trim();
  const numbers = many(fields.number).map((n, i) => ({ number: n.replace(/[\s-]/g, ""), serviceId: many(fields.serviceId)[i] ?? "" })).filter((n) => n.number !== "");
  const mode = text("mode") === "peer" ? "peer" : "register";
  const values: TrunkFormValues = {
    name: text("name"),
    mode,
    host: text("host"),
    port: text("port"),
    transport: text("transport") || "udp",
    username: text("username"),
    anyPort: text("anyPort") === "1",
    addresses: text("addresses"),
    fromUser: text("fromUser") === "account" ? "account" : text("fromUser") === "anonymous" ? "anonymous" : "number",
    // An unticked checkbox is not posted: a form without the field at all is an older page, kept on.
    assertIdentity: fields.assertIdentity === undefined ? !("fromUser" in fields) : text("assertIdentity") === "1",
    priority: text("priority"),
    maxCalls: text("maxCalls"),
    outboundProxy: text("outboundProxy"),
    capHourMinutes: text("capHourMinutes"),
    capDayMinutes: text("capDayMinutes"),
    numbers,
  };
  const port = values.port === "" ? undefined : /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  const password = String(many(fields.password)[0] ?? "");
  const count = (v: string) => (v === "" ? 0 : /^\d+$/.test(v) ? Number(v) : v);
  const input = {
    name: values.name,
    mode,
    host: values.host,
    ...(port === undefined ? {} : { port }),
    transport: values.transport,
    username: values.username,
    anyPort: mode === "peer" && values.anyPort,
    addresses: mode === "peer" ? values.addresses.split(/[\s,]+/).filter(Boolean) : [],
    fromUser: values.fromUser,
    assertIdentity: values.assertIdentity,
    priority: count(values.priority),
    maxCalls: count(values.maxCalls),
    outboundProxy: values.outboundProxy,
    capHourMinutes: count(values.capHourMinutes),
    capDayMinutes: count(values.capDayMinutes),
    numbers,
    ...(password ? { password } : {}),
  } as NewTrunkInput & TrunkChangeInput;
  return { values, input, password };
}

/**
 * The posted outbound rules of a service (issue 16 point 6) as the domain's input plus the values to show
 * again: an unticked box is not posted (false); a cap that is not a whole number goes on as text so the
 * domain's schema names it ("-1" as a number, refused as out of range).
 */
export function readOutboundRulesForm(fields: Record<string, string | string[]>): {
  values: { allowInternational: boolean; allowPremium: boolean; allowAfterHours: boolean; extensionHourMinutes: string; extensionDayMinutes: string };
  input: OutboundRulesInput;
} {
  const text = (k: string) => String(many(fields[k])[0] ?? "").trim();
  const minutes = (v: string) => (v === "" ? 0 : /^-?\d+$/.test(v) ? Number(v) : v);
  const values = {
    allowInternational: text("allowInternational") === "1",
    allowPremium: text("allowPremium") === "1",
    allowAfterHours: text("allowAfterHours") === "1",
    extensionHourMinutes: text("extensionHourMinutes"),
    extensionDayMinutes: text("extensionDayMinutes"),
  };
  const input = {
    ...values, extensionHourMinutes: minutes(values.extensionHourMinutes), extensionDayMinutes: minutes(values.extensionDayMinutes),
  } as OutboundRulesInput;
  return { values, input };
}
