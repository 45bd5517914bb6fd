import type { ReadinessLine } from "../../../views/index.ts";
import type { Service } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { readFlow, WEEKDAYS } from "./flow.ts";

/**
 * Is the service ready to take customers' calls (issue 9)? Six lines, each with the page that fixes
 * it: a carrier trunk registered (or an IP peer), the service number on a trunk to this service,
 * an agent on every queue, an agent's phone registered now, a greeting made, business hours set.
 */
export function readiness(deps: WebDeps, service: Service, now: number): ReadinessLine[] {
  const id = service.serviceId;
  const base = `/admin/services/${id}`;
  const trunks = deps.repos.trunks.list();
  const states = deps.trunkStates?.() ?? [];
  const mine = trunks.filter((t) => t.numbers.some((n) => n.serviceId === id));
  const working = mine.filter((t) => t.mode === "peer" || states.find((s) => s.trunkId === t.trunkId)?.state === "registered");
  const routed = service.number !== "" && mine.some((t) => t.numbers.some((n) => n.number === service.number && n.serviceId === id));
  const queues = deps.repos.queues.list(id);
  const agents = deps.repos.agents.list(id);
  const active = new Set(agents.filter((a) => !a.blocked).map((a) => a.loginId));
  const empty = queues.filter((q) => !q.agents.some((l) => active.has(l)));
  const extensions = new Set(agents.map((a) => a.extension));
  const phones = new Set(deps.registrations().filter((b) => b.expiresAt > now && extensions.has(b.aor)).map((b) => b.aor));
  const greeting = deps.repos.promptTexts.get(id, "greeting");
  const hours = readFlow(deps, id).hours;
  const trunkPage = `/admin/trunks?service=${id}${mine.length ? "" : "#add"}`;
  return [
    { key: "trunk", ok: working.length > 0, href: trunkPage },
    {
      key: "number",
      ok: routed,
      href: service.number ? trunkPage : `${base}/info`,
      vars: { number: service.number },
      variant: service.number ? undefined : "none",
    },
    {
      key: "queues",
      ok: queues.length > 0 && empty.length === 0,
      href: queues.length ? `${base}/assignment` : `${base}/menu`,
      vars: { queues: empty.map((q) => `${q.digit} ${q.name}`).join(", ") },
      variant: queues.length ? undefined : "none",
    },
    { key: "phone", ok: phones.size > 0, href: `${base}/agents`, vars: { count: phones.size } },
    { key: "greeting", ok: Boolean(greeting?.text || greeting?.file), href: `${base}/prompts#prompt-greeting` },
    { key: "hours", ok: WEEKDAYS.some((d) => hours[d].length > 0), href: `${base}/hours` },
  ];
}
