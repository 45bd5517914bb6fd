import { Hono, type Context } from "hono";
import { z } from "zod";
import { AgentsPage, AgentsSection, type AgentQuery, type AgentRolesProps, type AgentsProps } from "../../../views/index.ts";
import { newAgentSchema } from "../../cc/index.ts";
import type { Agent } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { agentRolesRoutes, rolesProps } from "./agent-roles.tsx";
import { agentSheetRoute } from "./agent-sheet.tsx";
import { agentPhoneSetup } from "./phone-setup.ts";
import { attempt, memberActor } from "./door.ts";
import { check, formFields } from "./form.ts";
import { frameOf, respond, type ServiceEnv } from "./service-scope.ts";

const PAGE_SIZE = 20;

/** The add-agent form (G5): the domain's schema, without the SIP password (always generated here); an empty console password is generated. */
const newAgentForm = newAgentSchema.omit({ sipPassword: true });

/** The list query, with safe defaults for anything malformed. */
export const agentQuerySchema = z.object({
  q: z.string().max(100).catch(""),
  group: z.string().max(40).catch(""),
  sort: z.enum(["loginId", "name", "extension", "state", "group"]).catch("extension"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  page: z.coerce.number().int().min(1).catch(1),
});

/** Filter, sort and page the agents on the server (G5). */
export function agentPage(all: Agent[], q: AgentQuery): { rows: Agent[]; total: number; pages: number } {
  const needle = q.q.trim().toLowerCase();
  const hits = all.filter(
    (a) =>
      (!q.group || a.group === q.group) &&
      (!needle || [a.loginId, a.name, a.extension, a.group ?? ""].some((x) => x.toLowerCase().includes(needle))),
  );
  const sign = q.dir === "asc" ? 1 : -1;
  hits.sort((a, b) => sign * String(a[q.sort] ?? "").localeCompare(String(b[q.sort] ?? ""), "ko", { numeric: true }));
  const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
  const page = Math.min(q.page, pages);
  return { rows: hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: hits.length, pages };
}

/**
 * Agents (G5): list (filter, group, sort, page in the URL), add up to the licences, set the group,
 * reset the SIP password (shown once), block, delete; grant or revoke members' roles (O6).
 */
export function agentsRoutes(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();

  const render = (c: Context<ServiceEnv>, extra: Partial<AgentsProps> = {}, status: 200 | 422 = 200, roles: Partial<AgentRolesProps> = {}) => {
    const svc = c.get("service");
    const query = agentQuerySchema.parse(c.req.query());
    const all = deps.repos.agents.list(svc.serviceId);
    const { rows, total, pages } = agentPage(all, query);
    const props: AgentsProps = {
      frame: frameOf(c, deps),
      rows,
      total,
      pages,
      query: { ...query, page: Math.min(query.page, pages) },
      licences: svc.licences,
      count: deps.repos.agents.licencesUsed(svc.serviceId),
      groups: [...new Set(all.map((a) => a.group).filter((g): g is string => Boolean(g)))].sort((a, b) => a.localeCompare(b, "ko")),
      roles: rolesProps(c, deps, roles),
      ...extra,
    };
    return respond(c, () => <AgentsPage {...props} />, () => <AgentsSection {...props} />, status);
  };
  const agentOf = (c: Context<ServiceEnv>) => deps.repos.agents.get(c.get("service").serviceId, c.req.param("loginId") ?? "");

  /** After a change (POST → 303 → GET): which success message, about whom. */
  const DONE = new Set(["done.agentDeleted", "done.agentBlocked", "done.agentUnblocked", "done.groupSaved"]);
  app.get("/", (c) => {
    const key = `done.${c.req.query("done") ?? ""}`;
    return render(c, DONE.has(key) ? { done: { key: key as never, loginId: c.req.query("who") ?? "" } } : {});
  });
  app.route("/", agentSheetRoute(deps));
  app.route("/roles", agentRolesRoutes(deps, (c, roles, status) => render(c, {}, status, roles)));

  app.post("/", async (c) => {
    const svc = c.get("service");
    const fields = await formFields(c);
    const values = { loginId: String(fields.loginId ?? ""), name: String(fields.name ?? ""), group: String(fields.group ?? "") };
    const r = check(newAgentForm, { ...fields, password: fields.password ? fields.password : undefined });
    if (!r.ok) return render(c, { values, errors: r.errors }, 422);
    const done = await attempt(() => deps.admin.agents.create(memberActor(c, deps), svc.serviceId, r.value));
    if (!done.ok) return render(c, { values, errors: done.errors }, 422);
    const { agent, sipPassword, password } = done.value;
    return render(c, {
      secret: { loginId: agent.loginId, extension: agent.extension, password: sipPassword, consolePassword: password },
      setup: agentPhoneSetup(c, deps, agent, sipPassword),
    });
  });

  app.post("/:loginId/reset", async (c) => {
    const agent = agentOf(c);
    if (!agent) return c.text("Not found", 404);
    const { sipPassword, password } = deps.admin.agents.resetPasswords(memberActor(c, deps), agent.serviceId, agent.loginId);
    return render(c, {
      secret: { loginId: agent.loginId, extension: agent.extension, password: sipPassword, consolePassword: password },
      setup: agentPhoneSetup(c, deps, agent, sipPassword),
    });
  });

  app.post("/:loginId/group", async (c) => {
    const agent = agentOf(c);
    if (!agent) return c.text("Not found", 404);
    const group = String((await formFields(c)).group ?? "");
    const done = await attempt(() => deps.admin.agents.update(memberActor(c, deps), agent.serviceId, agent.loginId, { group }));
    if (!done.ok) return render(c, { values: { group }, errors: done.errors }, 422);
    return c.redirect(`/admin/services/${agent.serviceId}/agents?done=groupSaved&who=${encodeURIComponent(agent.loginId)}`, 303);
  });

  app.post("/:loginId/block", async (c) => {
    const agent = agentOf(c);
    if (!agent) return c.text("Not found", 404);
    const blocked = (await formFields(c)).blocked === "1";
    deps.admin.agents.update(memberActor(c, deps), agent.serviceId, agent.loginId, { blocked });
    const done = blocked ? "agentBlocked" : "agentUnblocked";
    return c.redirect(`/admin/services/${agent.serviceId}/agents?done=${done}&who=${encodeURIComponent(agent.loginId)}`, 303);
  });

  app.post("/:loginId/delete", (c) => {
    const agent = agentOf(c);
    if (!agent) return c.text("Not found", 404);
    deps.admin.agents.remove(memberActor(c, deps), agent.serviceId, agent.loginId);
    return c.redirect(`/admin/services/${agent.serviceId}/agents?done=agentDeleted&who=${encodeURIComponent(agent.loginId)}`, 303);
  });
  return app;
}
