import type { Context } from "hono";
import { OpsLayout, opsText, type OpsArea } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** 503 page when the contact-center engine is not running (page tests without it). */
export function noContactCenter(c: Context<ServiceEnv>, deps: WebDeps, area: OpsArea): Response | Promise<Response> {
  const frame = frameOf(c, deps);
  const s = opsText(frame.lang);
  return c.html(
    <OpsLayout frame={frame} area={area} title={s(area === "statistics" ? "menu.stats" : area === "dashboard" ? "menu.dashboard" : "menu.lookup")}>
      <p class="notice">{s("noCc")}</p>
    </OpsLayout>,
    503,
  );
}

/** Queue id → name, consultation type id → name, of a service. */
export function namesOf(deps: WebDeps, serviceId: string) {
  return {
    queues: Object.fromEntries(deps.repos.queues.list(serviceId).map((q) => [q.queueId, q.name])) as Record<string, string>,
    types: Object.fromEntries(deps.repos.consultationTypes.list(serviceId).map((t) => [String(t.id), t.name])) as Record<string, string>,
  };
}
