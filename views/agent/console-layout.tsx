import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Lang } from "../messages.ts";
import { StatePanel, type StateView } from "./state-panel.tsx";
import { consoleText } from "./text.ts";

/** The softphone's words for the page script (console.js), in the console's language. */
const SOFT_KEYS = [
  "soft.connecting", "soft.registering", "soft.registered", "soft.reregistered", "soft.offline", "soft.lost", "soft.refused", "soft.failed",
  "soft.micOk", "soft.micChecking", "soft.mic.no-device", "soft.mic.denied", "soft.mic.insecure-context", "soft.mic.busy", "soft.mic.failed",
  "soft.ringing", "soft.inCall",
] as const;

function softphoneTexts(lang: Lang, ext: string): Record<string, string> {
  const t = consoleText(lang);
  return Object.fromEntries(SOFT_KEYS.map((k) => [k, t(k, { ext })]));
}

/** The console's areas (the bottom tabs on a phone, the top tabs on a PC). */
export const CONSOLE_AREAS = ["home", "history", "stats", "callbacks", "more"] as const;
export type ConsoleArea = (typeof CONSOLE_AREAS)[number];

const PATH: Record<ConsoleArea, string> = { home: "/agent/", history: "/agent/history", stats: "/agent/stats", callbacks: "/agent/callbacks", more: "/agent/more" };
const NAV_KEY = { home: "nav.home", history: "nav.history", stats: "nav.stats", callbacks: "nav.callbacks", more: "nav.more" } as const;

/** What every console page shows around its area: the agent, the service, the live state. */
export interface ConsoleFrame {
  lang: Lang;
  agent: { loginId: string; name: string; extension: string };
  service: { serviceId: string; name: string; timeZone: string };
  csrfToken: string;
  /** Notices not read yet (the "more" tab's badge). */
  unread: number;
  phoneMode: "softphone" | "desk";
  state: StateView;
  /** The incoming-call panel's HTML slot is filled live; this is its first content. */
  incoming?: Child;
  /** The call controls are installed (the call-controls routes under /agent/calls). */
  callControls: boolean;
}

/** The area's content alone: what an htmx request gets (swapped into #main). */
export function AreaContent(props: { title: string; children?: Child }) {
  return (
    <>
      <h1 class="area-title">{props.title}</h1>
      {props.children}
    </>
  );
}

/**
 * The console's HTML shell (A1–A11): header, the live state panel with its buttons, the incoming
 * call slot, the softphone slot (filled by /agent/softphone.js when present), the tabs and the area.
 * Laid out for a 390 px phone first, two columns on a PC. Installable (manifest, service worker).
 */
export function ConsoleLayout(props: { frame: ConsoleFrame; area: ConsoleArea; title: string; children?: Child }) {
  const { frame: f, area } = props;
  const t = consoleText(f.lang);
  const other: Lang = f.lang === "ko" ? "en" : "ko";
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={f.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content="#1d4ed8" />
          <meta name="csrf-token" content={f.csrfToken} />
          <title>{`${props.title} · ${t("app")}`}</title>
          <link rel="manifest" href="/agent/manifest.webmanifest" />
          <link rel="icon" href="/agent/icon-192.png" />
          <link rel="apple-touch-icon" href="/agent/icon-192.png" />
          <link rel="stylesheet" href="/agent/assets/console.css" />
          <script src="/assets/htmx.min.js" defer></script>
          <script src="/agent/assets/uplot.js" defer></script>
          <script src="/agent/assets/console.js" defer></script>
          <script src="/agent/assets/recording-plays.js" defer></script>
          {/* The softphone (sip.js) is built apart; the console works without it (window.ccSoftphone absent). */}
          {f.phoneMode === "softphone" && <script src="/agent/softphone.js" defer></script>}
        </head>
        <body data-lang={f.lang} data-area={area} data-events="/agent/events" data-tz={f.service.timeZone}>
          <header class="bar">
            <strong class="brand">{t("app")}</strong>
            <span class="who">
              {f.agent.name} <span class="muted">({f.agent.loginId} · {f.agent.extension} · {f.service.serviceId})</span>
            </span>
            <span class="spacer"></span>
            <span id="live" class="live-dot" title={t("live")} data-off={t("live.off")}></span>
            <a href={`${PATH[area]}?lang=${other}`} hreflang={other}>{t("language")}</a>
            <form method="post" action="/agent/logout" class="inline">
              <input type="hidden" name="_csrf" value={f.csrfToken} />
              <button type="submit" class="secondary">{t("signOut")}</button>
            </form>
          </header>
          <p id="live-note" class="live-note" role="status" hidden>{t("live.off")}</p>
          <div class="console">
            <aside class="side">
              <StatePanel lang={f.lang} csrfToken={f.csrfToken} state={f.state} />
              <section id="incoming" class="incoming" aria-live="assertive">{f.incoming}</section>
              <section
                id="softphone"
                class="card softphone"
                data-mode={f.phoneMode}
                data-extension={f.agent.extension}
                data-texts={f.phoneMode === "softphone" ? JSON.stringify(softphoneTexts(f.lang, f.agent.extension)) : undefined}
                aria-live="polite"
              >
                <h2>{t("soft.title")}</h2>
                <p class="muted" data-softphone-status data-testid="softphone-status">
                  {f.phoneMode === "desk" ? t("soft.desk", { ext: f.agent.extension }) : t("soft.loading")}
                </p>
                {f.phoneMode === "softphone" && (
                  <>
                    <p class="muted small" data-softphone-mic data-testid="softphone-mic" hidden></p>
                    <p class="actions" data-softphone-fix hidden>
                      <button type="button" class="secondary" data-softphone-recheck>{t("soft.recheck")}</button>
                      <a href="/agent/more#settings" data-testid="softphone-to-desk">{t("soft.toDesk")}</a>
                    </p>
                  </>
                )}
                <p class="muted" data-softphone-missing hidden>{t("soft.missing")}</p>
              </section>
            </aside>
            <div class="content">
              <nav class="tabs" aria-label={t("app")}>
                {CONSOLE_AREAS.map((a) => (
                  <a
                    href={PATH[a]}
                    hx-get={PATH[a]}
                    hx-target="#main"
                    hx-swap="innerHTML"
                    hx-push-url="true"
                    aria-current={a === area ? "page" : undefined}
                    data-area={a}
                  >
                    {t(NAV_KEY[a])}
                    {a === "more" && f.unread > 0 && <span class="badge" data-testid="unread">{f.unread}</span>}
                  </a>
                ))}
              </nav>
              <main id="main" hx-history-elt>
                <AreaContent title={props.title}>{props.children}</AreaContent>
              </main>
            </div>
          </div>
        </body>
      </html>
    </>
  );
}
