import type { Child } from "hono/jsx";
import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { orgText, type OrgKey } from "./text.ts";

/** The organization pages (전체 관리), grouped as in the seed; `me` pages are open to every member. */
export const ORG_AREAS = [
  ["group.contract", ["services", "charges"]],
  ["group.org", ["info", "members", "cti", "permissions", "webhooks", "network", "tls", "backups"]],
  ["group.me", ["tickets", "me/performance", "me/settings"]],
] as const;

/** One organization page (its path under /admin/org/). */
export type OrgArea = (typeof ORG_AREAS)[number][1][number];

const AREA_KEY: Record<OrgArea, OrgKey> = {
  services: "area.services", charges: "area.charges", info: "area.info", members: "area.members", cti: "area.cti",
  permissions: "area.permissions", webhooks: "area.webhooks", backups: "area.backups", network: "area.network", tls: "area.tls", tickets: "area.tickets",
  "me/performance": "area.performance", "me/settings": "area.settings",
};

/** Common props of every organization page. */
export interface OrgFrame {
  lang: Lang;
  t: Translate;
  user: { name: string; csrfToken: string };
  /** Org admins see every area; other members only their own pages. */
  orgAdmin: boolean;
}

/** The title of an organization page in `lang`. */
export const orgAreaTitle = (lang: Lang, area: OrgArea): string => orgText(lang)(AREA_KEY[area]);

/** The frame of the organization pages: the area menu, then the page. */
export function OrgLayout(props: { frame: OrgFrame; area: OrgArea; title?: string; children?: Child }) {
  const { frame, area } = props;
  const o = orgText(frame.lang);
  const groups = ORG_AREAS.filter(([g]) => frame.orgAdmin || g === "group.me");
  const title = props.title ?? orgAreaTitle(frame.lang, area);
  return (
    <Page lang={frame.lang} t={frame.t} title={`${title} · ${o("org.title")}`} user={frame.user} path={`/admin/org/${area}`}>
      <nav class="areas" aria-label={o("org.title")}>
        {groups.map(([g, areas]) => (
          <div class="area-group">
            <span class="muted">{o(g)}</span>
            {areas.map((a) => (
              <a href={`/admin/org/${a}`} aria-current={a === area ? "page" : undefined}>
                {orgAreaTitle(frame.lang, a)}
              </a>
            ))}
          </div>
        ))}
      </nav>
      <h1>{title}</h1>
      {props.children}
    </Page>
  );
}
