import { Hono, type Context } from "hono";
import { z } from "zod";
import { AccessPage, AccessSection, type AccessProps } from "../../../views/index.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { audit } from "./audit.ts";
import { inRanges, parseCidr } from "./cidr.ts";
import { check, formFields } from "./form.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

/** The ranges textarea: one CIDR per line, optionally followed by a note (G10). */
export const accessSchema = z.object({
  ranges: z
    .string()
    .max(10_000, "tooLong")
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [cidr = "", ...note] = l.split(/\s+/);
          return { cidr, note: note.join(" ").slice(0, 100) };
        }),
    )
    .refine((list) => list.length <= 100, "tooLong")
    .refine((list) => list.every((r) => parseCidr(r.cidr)), "cidr"),
});

const asText = (ranges: { cidr: string; note: string }[]) => ranges.map((r) => `${r.cidr}${r.note ? ` ${r.note}` : ""}`).join("\n");

/** Access management (G10): saving refuses a list that would lock out the admin saving it. */
export function accessRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  const render = (c: Context<ServiceEnv>, text: string, errors?: Record<string, string>) => {
    const props: AccessProps = {
      frame: frameOf(c, deps),
      text,
      ip: clientIp(c, deps.config.trustedProxies),
      errors,
      saved: c.req.query("saved") === "1",
    };
    return respond(c, () => <AccessPage {...props} />, () => <AccessSection {...props} />, errors ? 422 : 200);
  };

  app.get("/", (c) => render(c, asText(deps.repos.access.list(c.get("service").serviceId))));

  app.post("/", async (c) => {
    const id = c.get("service").serviceId;
    const fields = await formFields(c);
    const text = String(fields.ranges ?? "");
    const r = check(accessSchema, { ranges: text });
    if (!r.ok) return render(c, text, r.errors);
    const ip = clientIp(c, deps.config.trustedProxies);
    if (r.value.ranges.length && !inRanges(ip, r.value.ranges.map((x) => x.cidr))) return render(c, text, { ranges: "lockout" });
    deps.repos.access.replace(id, r.value.ranges, (deps.now ?? Date.now)());
    audit(c, "update", `access (${r.value.ranges.map((x) => x.cidr).join(" ") || "any"})`);
    return c.redirect(areaUrl(c, "access", "?saved=1"), 303);
  });
  return app;
}
