import { Hono } from "hono";
import { PhonesPage, PhonesTable, type PhoneRow } from "../../../views/index.ts";
import type { Member } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { requireAdmin } from "./session.ts";

/** The live registrations a member may see: all for an org admin, else their services' agents. */
export function phoneRows(deps: WebDeps, member: Member, now: number): PhoneRow[] {
  const services = new Set(member.roles.filter((r) => r.role === "service-admin").map((r) => r.serviceId));
  const rows: PhoneRow[] = [];
  for (const b of deps.registrations()) {
    if (b.expiresAt <= now) continue;
    const agent = deps.repos.agents.findByExtension(b.aor);
    if (!member.orgAdmin && !(agent && services.has(agent.serviceId))) continue;
    rows.push({
      extension: b.aor,
      agentName: agent?.name,
      contact: b.contact,
      source: `${b.source.transport} ${b.source.address.includes(":") ? `[${b.source.address}]` : b.source.address}:${b.source.port}`,
      userAgent: b.userAgent,
      expiresInSeconds: Math.max(0, Math.round((b.expiresAt - now) / 1000)),
    });
  }
  return rows.sort((a, b) => a.extension.localeCompare(b.extension, "en", { numeric: true }));
}

/** The Phones page: full page normally, the table fragment for htmx polls (`HX-Request`). */
export function phonesRoutes(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get("/phones", requireAdmin(), (c) => {
    const auth = c.get("auth")!;
    const rows = phoneRows(deps, auth.member, (deps.now ?? Date.now)());
    const t = c.get("t");
    c.header("Vary", "HX-Request");
    c.header("Cache-Control", "no-store");
    if (c.req.header("HX-Request")) return c.html(<PhonesTable t={t} rows={rows} refreshUrl="/admin/phones" />);
    const user = { name: auth.member.name, csrfToken: auth.session.csrfToken };
    return c.html(<PhonesPage lang={c.get("lang")} t={t} user={user} rows={rows} />);
  });
  return app;
}
