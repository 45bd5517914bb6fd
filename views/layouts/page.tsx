import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Lang, MessageKey, Translate } from "../messages.ts";

/** Props of every full page. */
export interface PageProps {
  lang: Lang;
  t: Translate;
  title: string;
  /** Signed-in member's name; shows the navigation and the sign-out button. */
  user?: { name: string; csrfToken: string };
  /** The path of this page, for the language switch link. */
  path: string;
  children?: Child;
}

/** The organization-level pages in the header: services (the landing list), carrier trunks, live registrations. */
const TOP_LINKS: [string, MessageKey][] = [
  ["/admin/services", "nav.services"],
  ["/admin/trunks", "nav.trunks"],
  ["/admin/phones", "nav.phones"],
  ["/admin/org/", "nav.org"],
];

/** The HTML shell: head, header with navigation, language switch and sign-out, then the page. */
export function Page(props: PageProps) {
  const { lang, t, user } = props;
  const other: Lang = lang === "ko" ? "en" : "ko";
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · ${t("appName")}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/htmx.min.js" defer></script>
          <script src="/admin/ops-assets/confirm.js" defer></script>
        </head>
        <body>
          <header class="bar">
            <strong class="brand">{t("appName")}</strong>
            {user && (
              <nav class="top">
                {TOP_LINKS.map(([href, key]) => (
                  <a href={href} aria-current={props.path.startsWith(href) ? "page" : undefined}>
                    {t(key)}
                  </a>
                ))}
              </nav>
            )}
            <span class="spacer"></span>
            <a href={`${props.path}?lang=${other}`} hreflang={other}>
              {t("language")}
            </a>
            {user && (
              <form method="post" action="/admin/logout" class="inline">
                <input type="hidden" name="_csrf" value={user.csrfToken} />
                <span class="muted">{user.name}</span> <button type="submit">{t("logout")}</button>
              </form>
            )}
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}
