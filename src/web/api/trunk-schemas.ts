import { z } from "@hono/zod-openapi";
import { isIP } from "node:net";

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const did = z.string().regex(/^\+?[0-9]{2,20}$/, "must be a phone number of 2-20 digits");

/** A DID of the trunk and the service it routes to (T7). */
export const TrunkNumberSchema = z
  .strictObject({
    number: did,
    serviceId: z.string().regex(/^[A-Za-z]{1,32}$/, "must be a service id (letters only)"),
  })
  .openapi("TrunkNumber");

/** A trunk as the API shows it (SPEC "Contracts"); the password is write-only. */
export const TrunkSchema = z
  .object({
    trunkId: z.string(),
    name: z.string(),
    mode: z.enum(["register", "peer"]),
    host: z.string(),
    port: z.number().int(),
    transport: z.enum(["udp", "tcp"]),
    username: z.string(),
    hasPassword: z.boolean().openapi({ description: "Whether a password is stored (it is never returned)" }),
    numbers: z.array(z.object({ number: z.string(), serviceId: z.string() })),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Trunk");

const fields = {
  name: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  mode: z.enum(["register", "peer"], { error: "must be register or peer" }),
  host: z
    .string()
    .trim()
    .refine((h) => isIP(h.replace(/^\[(.*)\]$/, "$1")) !== 0 || HOSTNAME.test(h), "must be a host name or an IP address"),
  port: z.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535"),
  transport: z.enum(["udp", "tcp"], { error: "must be udp or tcp" }),
  username: z.string().max(128, "must be at most 128 characters").regex(/^[^\s"]*$/, "must not contain spaces or quotes"),
  password: z.string().max(128, "must be at most 128 characters").openapi({ description: "Write-only" }),
  numbers: z.array(TrunkNumberSchema).max(1000, "at most 1000 numbers"),
};

type Draft = { mode?: string; username?: string; password?: string; numbers?: { number: string }[] };

/** Cross-field rules: a registration trunk needs credentials; a number appears once. */
function checkTrunk(t: Draft, ctx: z.RefinementCtx, partial: boolean): void {
  if (!partial && t.mode === "register") {
    if (!t.username) ctx.addIssue({ code: "custom", path: ["username"], message: "is required for a register trunk" });
    if (!t.password) ctx.addIssue({ code: "custom", path: ["password"], message: "is required for a register trunk" });
  }
  const seen = new Set<string>();
  t.numbers?.forEach((n, i) => {
    if (seen.has(n.number)) ctx.addIssue({ code: "custom", path: ["numbers", i, "number"], message: "is listed twice" });
    seen.add(n.number);
  });
}

export const TrunkCreateSchema = z
  .strictObject({
    trunkId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 letters, digits, '_' or '-'")
      .optional()
      .openapi({ description: "Generated when omitted" }),
    ...fields,
    port: fields.port.default(5060),
    transport: fields.transport.default("udp"),
    username: fields.username.default(""),
    password: fields.password.default(""),
    numbers: fields.numbers.default([]),
  })
  .superRefine((t, ctx) => checkTrunk(t, ctx, false))
  .openapi("TrunkCreate");

export const TrunkPatchSchema = z
  .strictObject(fields)
  .partial()
  .superRefine((t, ctx) => checkTrunk(t, ctx, true))
  .openapi("TrunkPatch");

export const TrunkParams = z.object({
  trunkId: z.string().openapi({ param: { name: "trunkId", in: "path" } }),
});
