import type { Child } from "hono/jsx";
import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { AREA_KEY, ServiceNav, type ServiceArea } from "../components/service-nav.tsx";
import { settingsText } from "./text.ts";
import { setupText } from "../setup/setup-text.ts";

export { SERVICE_AREAS, type ServiceArea } from "../components/service-nav.tsx";

/** Common props of every service page. */
export interface ServiceFrame {
  lang: Lang;
  t: Translate;
  user: { name: string; csrfToken: string };
  /** Services the member may administer (the picker). */
  services: { serviceId: string; name: string }[];
  /** `hidden`: pages the service's contract leaves off (O1), not shown in the menus. */
  service: { serviceId: string; name: string; hidden?: readonly string[] };
  /** A change just went through (POST → 303 → GET `?done=`): its success message. */
  done?: "added" | "removed" | "saved";
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
      <ServiceNav lang={lang} serviceId={service.serviceId} current={area} hidden={service.hidden} />
      <h1>{areaTitle(lang, area)}</h1>
      {props.done && (
        <div class="notice ok" role="status" data-done={props.done}>
          {props.done === "saved" ? s("saved") : setupText(lang)(`done.${props.done}`)}
        </div>
      )}
      {props.children}
    </Page>
  );
}
