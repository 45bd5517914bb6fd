import { Hono } from "hono";
import { AgentSheetPage } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { agentPhoneSetup } from "./phone-setup.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** One agent's printable phone setup sheet (issue 9, G5): every value but the password, which is never stored readable. */
export function agentSheetRoute(deps: WebDeps): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
  app.get("/:loginId/sheet", (c) => {
    const agent = deps.repos.agents.get(c.get("service").serviceId, c.req.param("loginId"));
    if (!agent) return c.text("Not found", 404);
    c.header("Cache-Control", "no-store");
    return c.html(<AgentSheetPage frame={frameOf(c, deps)} info={agentPhoneSetup(c, deps, agent)} />);
  });
  return app;
}
