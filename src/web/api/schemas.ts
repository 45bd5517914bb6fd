import { z } from "@hono/zod-openapi";

const serviceState = z.enum(["pending", "active", "suspended"]);

/** A service as the API shows it (SPEC "Contracts"). */
export const ServiceSchema = z
  .object({
    serviceId: z.string(),
    name: z.string(),
    number: z.string(),
    callerId: z.string(),
    timezone: z.string(),
    language: z.string(),
    state: serviceState,
    licences: z.number().int(),
  })
  .openapi("Service");

/** An agent (never its password, except `sipPassword` when created or reset). */
/** An agent's group (G5): free text up to 40 characters; "" or null (PATCH) clears it. */
const AgentGroup = z
  .string()
  .trim()
  .max(40, "must be at most 40 characters")
  .openapi({ description: "The agent's group (상담그룹, G5), up to 40 characters" });

export const AgentSchema = z
  .object({
    loginId: z.string(),
    name: z.string(),
    extension: z.string(),
    state: z.string(),
    blocked: z.boolean(),
    group: z.string().optional().openapi({ description: "The agent's group (상담그룹, G5), when set" }),
  })
  .openapi("Agent");

export const AgentWithPasswordSchema = AgentSchema.extend({
  sipPassword: z.string().openapi({ description: "Shown only in this answer" }),
  password: z.string().optional().openapi({ description: "The console password (A1), shown only in the answer that creates or resets it" }),
}).openapi("AgentWithPassword");

export const AgentCreateSchema = z
  .strictObject({
    loginId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, '.', '_' or '-'"),
    name: z.string().trim().min(1, "must not be empty").max(100),
    sipPassword: z.string().min(8, "must be at least 8 characters").max(128).optional(),
    password: z.string().min(8, "must be at least 8 characters").max(128).optional()
      .openapi({ description: "The console password (write-only); generated and returned once when omitted" }),
    group: AgentGroup.optional(),
  })
  .openapi("AgentCreate");

export const AgentPatchSchema = z
  .strictObject({ name: z.string().trim().min(1, "must not be empty").max(100), blocked: z.boolean(), group: AgentGroup.nullable() })
  .partial()
  .openapi("AgentPatch");

export const AgentStateSchema = z
  .strictObject({
    state: z.enum(["ready", "away", "wrap-up"], { error: "must be ready, away or wrap-up" }),
    reason: z
      .enum(["break", "meal", "training", "reporting", "meeting", "coaching", "tickets"], {
        error: "must be break, meal, training, reporting, meeting, coaching or tickets",
      })
      .optional(),
  })
  .openapi("AgentStateChange");

/** A queue (menu entry) and its assigned agents' login ids. */
export const QueueSchema = z
  .object({
    queueId: z.string(),
    name: z.string(),
    digit: z.string(),
    callback: z.boolean(),
    agents: z.array(z.string()),
  })
  .openapi("Queue");

export const QueueCreateSchema = z
  .strictObject({
    queueId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 letters, digits, '_' or '-'"),
    name: z.string().trim().min(1, "must not be empty").max(100),
    digit: z.string().regex(/^[0-9]$/, "must be one digit 0-9"),
    callback: z.boolean().default(false),
    agents: z.array(z.string()).default([]),
  })
  .openapi("QueueCreate");

export const QueueAgentsSchema = z.strictObject({ loginIds: z.array(z.string()) }).openapi("QueueAgents");

export const RegistrationSchema = z
  .object({
    extension: z.string(),
    contact: z.string(),
    transport: z.string(),
    address: z.string(),
    port: z.number(),
    userAgent: z.string().optional(),
    expiresAt: z.string().openapi({ format: "date-time" }),
    expiresInSeconds: z.number(),
  })
  .openapi("Registration");

export const BanSchema = z
  .object({
    address: z.string(),
    reason: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Ban");

export const ServiceParams = z.object({ serviceId: z.string().openapi({ param: { name: "serviceId", in: "path" } }) });
export const AgentParams = ServiceParams.extend({
  loginId: z.string().openapi({ param: { name: "loginId", in: "path" } }),
});
export const QueueParams = ServiceParams.extend({
  queueId: z.string().openapi({ param: { name: "queueId", in: "path" } }),
});
