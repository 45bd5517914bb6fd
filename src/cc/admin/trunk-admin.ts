import { isIP } from "node:net";
import { z } from "zod";
import { NumberTakenError, UnknownServiceError, type OutboundRules, type Trunk, type TrunkNumber } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { missing, parseInput, RuleError } from "./rule-error.ts";

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A DID of the trunk and the service it routes to (T7). */
export const trunkNumberSchema = z.strictObject({
  number: z.string().regex(/^\+?[0-9]{2,20}$/, "format"),
  serviceId: z.string().regex(/^[A-Za-z]{1,32}$/, "format"),
});

const fields = {
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  mode: z.enum(["register", "peer"], "format"),
  host: z.string().trim().refine((h) => isIP(h.replace(/^\[(.*)\]$/, "$1")) !== 0 || HOSTNAME.test(h), "format"),
  port: z.number("number").int("number").min(1, "range").max(65535, "range"),
  transport: z.enum(["udp", "tcp", "tls"], "format"),
  username: z.string().max(128, "tooLong").regex(/^[^\s"]*$/, "format"),
  password: z.string().max(128, "tooLong"),
  numbers: z.array(trunkNumberSchema).max(1000, "tooLong"),
  /** Peer trunks: the carrier sends from several ports of its address. */
  anyPort: z.boolean(),
  /** More signalling addresses of the carrier (peer trunks). */
  addresses: z.array(z.string().trim().refine((a) => isIP(a.replace(/^\[(.*)\]$/, "$1")) !== 0, "format")).max(20, "tooLong"),
  /** Outbound: the From user is the service's number or the trunk's account (what the carrier expects), or anonymous (withheld). */
  fromUser: z.enum(["number", "account", "anonymous"], "format"),
  /** Outbound: P-Asserted-Identity with the service's number (RFC 3325). */
  assertIdentity: z.boolean(),
  /** Order among a service's trunks for outbound calls (lower first). */
  priority: z.number("number").int("number").min(0, "range").max(99, "range"),
  /** Concurrent outbound calls through the trunk; 0 for no cap. */
  maxCalls: z.number("number").int("number").min(0, "range").max(10000, "range"),
  /** host[:port] of the carrier's outbound proxy, "" for none. */
  outboundProxy: z.string().trim().refine((p) => p === "" || validHostPort(p), "format"),
  /** Outbound talk minutes through the trunk in the last 60 minutes; 0 for no cap (issue 16 point 6). */
  capHourMinutes: capMinutes(),
  /** Outbound talk minutes through the trunk in the last 24 hours; 0 for no cap. */
  capDayMinutes: capMinutes(),
};

/** A cap in whole minutes, 0 for none (at most a year's minutes). */
function capMinutes() {
  return z.number("number").int("number").min(0, "range").max(525_600, "range");
}

/**
 * What a service's agents may dial out and the caps per extension (issue 16 point 6, T9); each field left
 * out keeps its value. International and premium-rate numbers and calls after hours are refused until allowed.
 */
export const outboundRulesSchema = z.strictObject({
  allowInternational: z.boolean("format"),
  allowPremium: z.boolean("format"),
  allowAfterHours: z.boolean("format"),
  extensionHourMinutes: capMinutes(),
  extensionDayMinutes: capMinutes(),
}).partial();
export type OutboundRulesInput = z.input<typeof outboundRulesSchema>;

/** "host", "host:port" or "[v6]:port" with a host as `fields.host` accepts and a port 1–65535. */
function validHostPort(value: string): boolean {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(value);
  if (!m) return false;
  const host = m[1]!;
  const port = m[2] === undefined ? 5060 : Number(m[2]);
  return port >= 1 && port <= 65535 && (isIP(host.replace(/^\[(.*)\]$/, "$1")) !== 0 || HOSTNAME.test(host));
}

type Draft = { mode?: string; username?: string; password?: string; fromUser?: string; numbers?: { number: string }[] };

/** Cross-field rules: a registration trunk needs credentials; a number appears once. */
function checkTrunk(t: Draft, ctx: z.RefinementCtx, partial: boolean): void {
  if (!partial && t.mode === "register") {
    if (!t.username) ctx.addIssue({ code: "custom", path: ["username"], message: "required" });
    if (!t.password) ctx.addIssue({ code: "custom", path: ["password"], message: "required" });
  }
  // The account as From user needs an account to send.
  if (!partial && t.fromUser === "account" && !t.username) ctx.addIssue({ code: "custom", path: ["fromUser"], message: "required" });
  const seen = new Set<string>();
  t.numbers?.forEach((n, i) => {
    if (seen.has(n.number)) ctx.addIssue({ code: "custom", path: ["numbers", i, "number"], message: "duplicate" });
    seen.add(n.number);
  });
}

/** A new carrier trunk (T7): `register` keeps a registration to the carrier, `peer` trusts the carrier's address. */
export const newTrunkSchema = z
  .strictObject({
    trunkId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "format").optional(),
    ...fields,
    port: fields.port.default(5060),
    transport: fields.transport.default("udp"),
    username: fields.username.default(""),
    password: fields.password.default(""),
    numbers: fields.numbers.default([]),
    anyPort: fields.anyPort.default(false),
    addresses: fields.addresses.default([]),
    fromUser: fields.fromUser.default("number"),
    assertIdentity: fields.assertIdentity.default(true),
    priority: fields.priority.default(0),
    maxCalls: fields.maxCalls.default(0),
    outboundProxy: fields.outboundProxy.default(""),
    capHourMinutes: fields.capHourMinutes.default(0),
    capDayMinutes: fields.capDayMinutes.default(0),
  })
  .superRefine((t, ctx) => checkTrunk(t, ctx, false));
export type NewTrunkInput = z.input<typeof newTrunkSchema>;

/** A change to a trunk; `numbers`, when given, replaces the list; no `password` keeps it. */
export const trunkChangeSchema = z
  .strictObject(fields)
  .partial()
  .superRefine((t, ctx) => checkTrunk(t, ctx, true));
export type TrunkChangeInput = z.input<typeof trunkChangeSchema>;

/** What the audit log keeps of a trunk: never its password. */
const safe = (t: Trunk) => ({ ...t, password: t.password ? "(set)" : "" });

/** Carrier trunks and their numbers (T7); every change refreshes the number plan and registrations. */
export class TrunkAdmin {
  constructor(private readonly ctx: AdminContext) {}

  create(actor: Actor, input: NewTrunkInput): Trunk {
    const v = parseInput(newTrunkSchema, input);
    const t = this.ctx.changes.commit(actor, () => {
      if (v.trunkId && this.ctx.repos.trunks.get(v.trunkId)) throw new RuleError(409, "duplicate", { trunkId: "duplicate" });
      const created = stored(() => this.ctx.repos.trunks.create(v, this.ctx.clock.now()), v.numbers);
      return { action: "create", target: `trunks/${created.trunkId}`, after: safe(created), result: created };
    });
    this.ctx.hooks.routingChanged?.();
    return t;
  }

  update(actor: Actor, trunkId: string, input: TrunkChangeInput): Trunk {
    const v = parseInput(trunkChangeSchema, input);
    const t = this.ctx.changes.commit(actor, () => {
      const before = this.trunk(trunkId);
      const next = { ...before, ...v };
      const fields: Record<string, string> = {};
      if (next.mode === "register") {
        if (!next.username) fields.username = "required";
        if (!next.password) fields.password = "required";
      }
      if (next.fromUser === "account" && !next.username) fields.fromUser = "required";
      if (Object.keys(fields).length) throw new RuleError(422, "invalid", fields);
      const after = stored(() => this.ctx.repos.trunks.update(trunkId, v, this.ctx.clock.now())!, v.numbers);
      return { action: "update", target: `trunks/${trunkId}`, before: safe(before), after: safe(after), result: after };
    });
    this.ctx.hooks.routingChanged?.();
    return t;
  }

  remove(actor: Actor, trunkId: string): void {
    this.ctx.changes.commit(actor, () => {
      const before = this.trunk(trunkId);
      this.ctx.repos.trunks.remove(trunkId);
      return { action: "delete", target: `trunks/${trunkId}`, before: safe(before), result: undefined };
    });
    this.ctx.hooks.routingChanged?.();
  }

  /** A service's outbound rules (international, premium-rate, after hours, caps per extension). */
  rules(serviceId: string): OutboundRules {
    serviceOf(this.ctx, serviceId);
    return this.ctx.repos.outboundCaps.rules(serviceId);
  }

  /** Change a service's outbound rules (issue 16 point 6); audited with before and after. */
  setRules(actor: Actor, serviceId: string, input: OutboundRulesInput): OutboundRules {
    const v = parseInput(outboundRulesSchema, input);
    return this.ctx.changes.commit(actor, () => {
      serviceOf(this.ctx, serviceId);
      const before = this.ctx.repos.outboundCaps.rules(serviceId);
      const after = this.ctx.repos.outboundCaps.setRules(serviceId, { ...before, ...v }, this.ctx.clock.now());
      return { serviceId, action: "update", target: `services/${serviceId}/outbound-rules`, before, after, result: after };
    });
  }

  private trunk(trunkId: string): Trunk {
    return this.ctx.repos.trunks.get(trunkId) ?? (() => { throw missing("trunk"); })();
  }
}

/** The store's refusals as rules naming the offending `numbers.<i>` field. */
function stored(write: () => Trunk, numbers: readonly TrunkNumber[] | undefined): Trunk {
  try {
    return write();
  } catch (e) {
    if (e instanceof NumberTakenError) {
      const i = numbers?.findIndex((n) => n.number === e.number) ?? -1;
      throw new RuleError(409, "numberTaken", { [`numbers.${i}.number`]: "numberTaken" });
    }
    if (e instanceof UnknownServiceError) {
      const i = numbers?.findIndex((n) => n.serviceId === e.serviceId) ?? -1;
      throw new RuleError(422, "invalid", { [`numbers.${i}.serviceId`]: "unknown" });
    }
    throw e;
  }
}
