import type { Child } from "hono/jsx";
import { Page } from "../layouts/page.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { opsText, type OpsKey } from "./ops-text.ts";

/** The pages of monitoring (모니터링), statistics (통계) and lookups (서비스 조회), by path under the service. */
export type OpsArea =
  | "dashboard"
  | "statistics"
  | "history/calls"
  | "history/consultations"
  | "history/callbacks"
  | "history/logins"
  | "history/audit";

const MENU: [OpsKey, [OpsKey, string][]][] = [
  ["menu.dashboard", [["menu.dashboard", "dashboard"]]],
  ["menu.stats", [["menu.stats", "statistics"]]],
  [
    "menu.lookup",
    [
      ["menu.calls", "history/calls"],
      ["menu.consultations", "history/consultations"],
      ["menu.callbacks", "history/callbacks"],
      ["menu.logins", "history/logins"],
      ["menu.audit", "history/audit"],
    ],
  ],
  ["menu.settings", [["menu.settings", "info"]]],
];

/** Props of {@link OpsLayout}. */
export interface OpsLayoutProps {
  frame: ServiceFrame;
  area: OpsArea;
  title: string;
  /** Extra scripts of the page (served by the ops assets route). */
  scripts?: string[];
  children?: Child;
}

/**
 * Frame of the monitoring, statistics and lookup pages of one service: the seed's menu
 * (모니터링 · 통계 · 서비스 조회 · 서비스 설정), then the page. Scripts load deferred from /admin/ops-assets.
 */
export function OpsLayout(props: OpsLayoutProps) {
  const { frame, area } = props;
  const s = opsText(frame.lang);
  const base = `/admin/services/${frame.service.serviceId}`;
  return (
    <Page lang={frame.lang} t={frame.t} title={`${props.title} · ${frame.service.name}`} user={frame.user} path={`${base}/${area}`}>
      <link rel="stylesheet" href="/admin/ops-assets/ops.css" />
      {(props.scripts ?? []).map((src) => (
        <script src={`/admin/ops-assets/${src}`} defer></script>
      ))}
      <nav class="areas" aria-label={s("menu.lookup")}>
        {MENU.map(([group, items]) => (
          <div class="area-group">
            {items.length > 1 && <span class="muted">{s(group)}</span>}
            {items.map(([key, path]) => (
              <a href={`${base}/${path}`} aria-current={path === area ? "page" : undefined}>
                {s(key)}
              </a>
            ))}
          </div>
        ))}
      </nav>
      <h1>
        {props.title} <span class="muted ops-service">{frame.service.name}</span>
      </h1>
      {props.children}
    </Page>
  );
}
