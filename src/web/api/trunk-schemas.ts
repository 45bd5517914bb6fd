import { z } from "@hono/zod-openapi";

/** A trunk as the API shows it (SPEC "Contracts"); the password is write-only. */
export const TrunkSchema = z
  .object({
    trunkId: z.string(),
    name: z.string(),
    mode: z.enum(["register", "peer"]),
    host: z.string(),
    port: z.number().int(),
    transport: z.enum(["udp", "tcp", "tls"]),
    username: z.string(),
    hasPassword: z.boolean().openapi({ description: "Whether a password is stored (it is never returned)" }),
    numbers: z.array(z.object({ number: z.string(), serviceId: z.string() })),
    anyPort: z.boolean().openapi({ description: "Peer trunks: trusted from any port of the carrier's addresses, not only `port`" }),
    addresses: z.array(z.string()).openapi({ description: "Peer trunks: more addresses the carrier sends calls from" }),
    fromUser: z.enum(["number", "account", "anonymous"]).openapi({
      description: "Outbound: the From user is the service's number or the trunk's account; anonymous withholds the caller ID (Privacy: id, the number only in P-Asserted-Identity)",
    }),
    assertIdentity: z.boolean().openapi({ description: "Outbound: P-Asserted-Identity with the service's number (RFC 3325)" }),
    priority: z.number().int().openapi({ description: "Order among a service's trunks for outbound calls, lower first; the next takes a call the first fails (503, 408, no answer)" }),
    maxCalls: z.number().int().openapi({ description: "Concurrent outbound calls allowed through the trunk; 0 for no cap" }),
    outboundProxy: z.string().openapi({ description: "host[:port] every request to the carrier goes through first; empty for none" }),
    capHourMinutes: z.number().int().openapi({ description: "Outbound talk minutes allowed through the trunk in the last 60 minutes (a started minute counts whole); 0 for no cap" }),
    capDayMinutes: z.number().int().openapi({ description: "Outbound talk minutes allowed through the trunk in the last 24 hours; 0 for no cap" }),
    status: z
      .object({
        state: z.string().openapi({ description: "registered, registering, failed, stopped; peer for IP-peer trunks" }),
        lastAnswer: z.string().optional().openapi({ description: "The carrier's last answer to our REGISTER, or why there was none" }),
        expiresAt: z.string().optional(),
        retryAt: z.string().optional().openapi({ description: "After a failure: when the next REGISTER goes out" }),
        probe: z
          .object({ state: z.enum(["unknown", "up", "down"]), rttMs: z.number().optional(), lastAnswer: z.string().optional(), checkedAt: z.string().optional() })
          .optional()
          .openapi({ description: "The OPTIONS health probe of the carrier, every 30 s" }),
      })
      .optional(),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Trunk");

export const TrunkParams = z.object({
  trunkId: z.string().openapi({ param: { name: "trunkId", in: "path" } }),
});
