import { z } from "@hono/zod-openapi";

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

export const TrunkParams = z.object({
  trunkId: z.string().openapi({ param: { name: "trunkId", in: "path" } }),
});
