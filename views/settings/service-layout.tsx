import type { Child } from "hono/jsx";
import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { settingsText, type SettingsKey } from "./text.ts";

/** The areas of a service's admin pages, in menu order, grouped as in the seed. */
export const SERVICE_AREAS = [
  ["group.service", ["info", "phones"]],
  ["group.ars", ["prompts", "menu", "hours", "holidays"]],
  ["group.consult", ["agents", "assignment", "types", "work", "access"]],
  ["group.lookup", ["login-history", "audit"]],
] as const;

/** One area id (the path segment under /admin/services/:serviceId/). */
export type ServiceArea = (typeof SERVICE_AREAS)[number][1][number];

const AREA_KEY: Record<ServiceArea, SettingsKey> = {
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
  "login-history": "area.loginHistory",
  audit: "area.audit",
};

/** Common props of every service page. */
export interface ServiceFrame {
  lang: Lang;
  t: Translate;
  user: { name: string; csrfToken: string };
  /** Services the member may administer (the picker). */
  services: { serviceId: string; name: string }[];
  service: { serviceId: string; name: string };
}

/** The title of an area in `lang`. */
export function areaTitle(lang: Lang, area: ServiceArea): string {
  return settingsText(lang)(AREA_KEY[area]);
}

/**
 * The frame of a service's admin pages: the service picker and the area menu (a row of links that
 * wraps on a phone), then the area's content.
 */
export function ServiceLayout(props: ServiceFrame & { area: ServiceArea; children?: Child }) {
  const { lang, service, area } = props;
  const s = settingsText(lang);
  const base = `/admin/services/${service.serviceId}`;
  return (
    <Page lang={lang} t={props.t} title={`${areaTitle(lang, area)} · ${service.name}`} user={props.user} path={`${base}/${area}`}>
      <form method="get" action="/admin/services" class="picker">
        <label>
          {s("picker.label")}{" "}
          <select name="serviceId" aria-label={s("picker.label")}>
            {props.services.map((x) => (
              <option value={x.serviceId} selected={x.serviceId === service.serviceId}>
                {x.name} ({x.serviceId})
              </option>
            ))}
          </select>
        </label>
        <input type="hidden" name="area" value={area} />
        <button type="submit">{s("picker.go")}</button>
      </form>
      <nav class="areas" aria-label={s("nav.services")}>
        {SERVICE_AREAS.map(([group, areas]) => (
          <div class="area-group">
            <span class="muted">{s(group)}</span>
            {areas.map((a) => (
              <a href={`${base}/${a}`} aria-current={a === area ? "page" : undefined}>
                {s(AREA_KEY[a])}
              </a>
            ))}
          </div>
        ))}
      </nav>
      <h1>{areaTitle(lang, area)}</h1>
      {props.children}
    </Page>
  );
}
