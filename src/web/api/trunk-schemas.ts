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
    anyPort: z.boolean().openapi({ description: "Peer trunks: trusted from any port of the carrier's addresses, not only `port`" }),
    addresses: z.array(z.string()).openapi({ description: "Peer trunks: more addresses the carrier sends calls from" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Trunk");

export const TrunkParams = z.object({
  trunkId: z.string().openapi({ param: { name: "trunkId", in: "path" } }),
});
