import type { Context } from "hono";
import { OpsLayout, opsText, type OpsArea } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { frameOf, type ServiceEnv } from "./service-scope.ts";

/** 503 page when the contact-center engine is not running (page tests without it). */
export function noContactCenter(c: Context<ServiceEnv>, deps: WebDeps, area: OpsArea): Response | Promise<Response> {
  const frame = frameOf(c, deps);
  const s = opsText(frame.lang);
  return c.html(
    <OpsLayout frame={frame} area={area} title={s("menu.dashboard")}>
      <p class="notice">{s("noCc")}</p>
    </OpsLayout>,
    503,
  );
}
