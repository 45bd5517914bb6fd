import type { Child } from "hono/jsx";
import { Page } from "../layouts/page.tsx";
import type { ServiceFrame } from "../settings/service-layout.tsx";
import { ServiceNav, type OpsArea } from "./service-nav.tsx";

export type { OpsArea } from "./service-nav.tsx";

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
  const base = `/admin/services/${frame.service.serviceId}`;
  return (
    <Page lang={frame.lang} t={frame.t} title={`${props.title} · ${frame.service.name}`} user={frame.user} path={`${base}/${area}`}>
      <link rel="stylesheet" href="/admin/ops-assets/ops.css" />
      {(props.scripts ?? []).map((src) => (
        <script src={`/admin/ops-assets/${src}`} defer></script>
      ))}
      <ServiceNav lang={frame.lang} serviceId={frame.service.serviceId} current={area} hidden={frame.service.hidden} />
      <h1>
        {props.title} <span class="muted ops-service">{frame.service.name}</span>
      </h1>
      {props.children}
    </Page>
  );
}
