import { Hono } from "hono";
import { NetworkPage } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { orgFrame, page, type OrgEnv } from "./org-guard.ts";

/** NAT (T10, issue 11) under /admin/org/network: what peers are told and which ports to forward (read-only). */
export function orgNetworkRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  app.get("/", (c) => {
    const v = deps.admin.network.view();
    const view = v && { ...v, bindAddress: v.facts.bindAddress, externalAddress: v.facts.externalAddress };
    return page(c, <NetworkPage frame={orgFrame(c)} view={view} />);
  });
  return app;
}
