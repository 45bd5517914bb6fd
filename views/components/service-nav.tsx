import type { Lang } from "../messages.ts";
import { settingsText, type SettingsKey } from "../settings/text.ts";
import { opsText, type OpsKey } from "./ops-text.ts";
import { trunkText } from "../setup/trunk-text.ts";

/** The settings areas of a service (서비스 설정), in menu order, grouped as in the seed. */
export const SERVICE_AREAS = [
  ["group.service", ["info", "phones", "recordings", "trace"]],
  ["group.ars", ["prompts", "menu", "hours", "holidays"]],
  ["group.consult", ["agents", "assignment", "types", "work", "notices", "access", "permissions"]],
] as const;

/** One settings area id (the path segment under /admin/services/:serviceId/). */
export type ServiceArea = (typeof SERVICE_AREAS)[number][1][number];

/** The title key of each settings area. */
export const AREA_KEY: Record<ServiceArea, SettingsKey> = {
  info: "area.info",
  phones: "area.phones",
  prompts: "area.prompts",
  menu: "area.menu",
  hours: "area.hours",
  holidays: "area.holidays",
  agents: "area.agents",
  assignment: "area.assignment",
  types: "area.types",
  work: "area.work",
  access: "area.access",
  permissions: "area.permissions",
  trace: "area.trace",
  recordings: "area.recordings",
  notices: "area.notices",
};

/** The pages of monitoring (모니터링), statistics (통계) and lookups (서비스 조회), by path under the service. */
export const OPS_AREAS = [
  ["menu.dashboard", [["menu.dashboard", "dashboard"]]],
  ["menu.stats", [["menu.stats", "statistics"]]],
  [
    "menu.lookup",
    [
      ["menu.calls", "history/calls"],
      ["menu.consultations", "history/consultations"],
      ["menu.callbacks", "history/callbacks"],
      ["menu.worklist", "history/worklist"],
      ["menu.logins", "history/logins"],
      ["menu.agentDay", "history/agent-day"],
      ["menu.audit", "history/audit"],
    ],
  ],
] as const satisfies readonly (readonly [OpsKey, readonly (readonly [OpsKey, string])[]])[];

/** One monitoring, statistics or lookup page (its path under the service). */
export type OpsArea = (typeof OPS_AREAS)[number][1][number][1];

/** Every page of a service's menu, settings and the rest (the service picker accepts these). */
export const SERVICE_PAGES: readonly string[] = [
  ...OPS_AREAS.flatMap(([, items]) => items.map(([, path]) => path)),
  ...SERVICE_AREAS.flatMap(([, areas]) => [...areas]),
];

interface Section {
  label: string;
  /** Groups of links shown when the section holds the current page: an optional caption, then links. */
  groups: { caption?: string; links: { path: string; label: string }[] }[];
}

/** The seed's four menus (모니터링 · 통계 · 서비스 조회 · 서비스 설정) with their pages, in `lang`. */
export function serviceMenu(lang: Lang): Section[] {
  const o = opsText(lang);
  const s = settingsText(lang);
  return [
    ...OPS_AREAS.map(([section, items]) => ({
      label: o(section),
      groups: [{ links: items.map(([key, path]) => ({ path, label: o(key) })) }],
    })),
    {
      label: o("menu.settings"),
      groups: SERVICE_AREAS.map(([group, areas]) => ({ caption: s(group), links: areas.map((a) => ({ path: a, label: s(AREA_KEY[a]) })) })),
    },
  ];
}

/** The menu without the pages a service's contract leaves off (O1); a menu left empty goes too. */
function withoutPages(sections: Section[], hidden: readonly string[]): Section[] {
  if (!hidden.length) return sections;
  return sections
    .map((x) => ({ ...x, groups: x.groups.map((g) => ({ ...g, links: g.links.filter((l) => !hidden.includes(l.path)) })).filter((g) => g.links.length) }))
    .filter((x) => x.groups.length);
}

/** Pages outside the service that its settings lead to (organization level): the carrier trunks (T7). */
function extraLinks(lang: Lang, serviceId: string): { href: string; label: string }[] {
  return [{ href: `/admin/trunks?service=${serviceId}`, label: trunkText(lang)("title") }];
}

/**
 * The navigation of every page of one service: a row of the four menus, each opening its first page
 * and, on hover or keyboard focus, a panel with all of its pages (so every page of the seed is one
 * click from the top navigation); then the pages of the current menu, which is what a phone shows.
 */
export function ServiceNav(props: { lang: Lang; serviceId: string; current: string; hidden?: readonly string[] }) {
  const base = `/admin/services/${props.serviceId}`;
  const sections = withoutPages(serviceMenu(props.lang), props.hidden ?? []);
  const active = sections.find((x) => x.groups.some((g) => g.links.some((l) => l.path === props.current)));
  const extras = extraLinks(props.lang, props.serviceId);
  const isSettings = (x: Section) => x === sections[sections.length - 1];
  return (
    <nav class="areas" aria-label={settingsText(props.lang)("nav.services")}>
      <ul class="area-sections">
        {sections.map((x) => (
          <li class="menu">
            <a href={`${base}/${x.groups[0]!.links[0]!.path}`} aria-current={x === active ? "true" : undefined}>
              {x.label}
            </a>
            {x.groups.flatMap((g) => g.links).length > 1 && (
              <div class="menu-panel">
                {x.groups.map((g, i) => (
                  <div class="menu-group">
                    {g.caption && <span class="muted">{g.caption}</span>}
                    {g.links.map((l) => (
                      <a href={`${base}/${l.path}`}>{l.label}</a>
                    ))}
                    {isSettings(x) && i === 0 && extras.map((l) => <a href={l.href}>{l.label}</a>)}
                  </div>
                ))}
              </div>
            )}
          </li>
        ))}
      </ul>
      {active && active.groups.flatMap((g) => g.links).length > 1 &&
        active.groups.map((g, i) => (
          <div class="area-group">
            {g.caption && <span class="muted">{g.caption}</span>}
            {g.links.map((l) => (
              <a href={`${base}/${l.path}`} aria-current={l.path === props.current ? "page" : undefined}>
                {l.label}
              </a>
            ))}
            {isSettings(active) && i === 0 && extras.map((l) => <a href={l.href}>{l.label}</a>)}
          </div>
        ))}
    </nav>
  );
}
