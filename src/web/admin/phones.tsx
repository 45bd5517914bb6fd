import { Hono } from "hono";
import { PhonesPage, PhonesTable, settingsText, type PhoneRow } from "../../../views/index.ts";
import type { Member } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import type { AdminEnv } from "./env.ts";
import { requireAdmin } from "./session.ts";

/** The services whose service-admin role the member holds. */
const adminOf = (member: Member) => new Set(member.roles.filter((r) => r.role === "service-admin").map((r) => r.serviceId));

/**
 * The live registrations a member may see: the agents' devices of the services they administer;
 * an org admin also sees devices no agent owns (not a service's data). The org admin role alone
 * shows no agent's device (O4, issue 10).
 */
export function phoneRows(deps: WebDeps, member: Member, now: number): PhoneRow[] {
  const services = adminOf(member);
  const rows: PhoneRow[] = [];
  for (const b of deps.registrations()) {
    if (b.expiresAt <= now) continue;
    const agent = deps.repos.agents.findByExtension(b.aor);
    if (agent ? !services.has(agent.serviceId) : !member.orgAdmin) continue;
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
    // O4: the organization admin role alone gives no service data — 403 with where to take a service role, like the service pages.
    if (adminOf(auth.member).size === 0) return c.text(settingsText(c.get("lang"))("access.orgAdminOnly"), 403);
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
