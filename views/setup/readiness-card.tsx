import type { Lang } from "../messages.ts";
import { setupText, type SetupKey } from "./setup-text.ts";

/** One line of the readiness checklist (issue 9), computed by src/web/admin/readiness.ts. */
export interface ReadinessLine {
  key: "trunk" | "number" | "queues" | "phone" | "greeting" | "hours";
  ok: boolean;
  /** The page that fixes it. */
  href: string;
  vars?: Record<string, string | number>;
  /** A sharper message when the thing is missing altogether ("none"). */
  variant?: "none";
}

const textKey = (l: ReadinessLine): SetupKey =>
  (l.ok ? `ready.${l.key}` : l.variant ? `ready.${l.key}.${l.variant}` : `ready.${l.key}.no`) as SetupKey;

/**
 * The readiness checklist on the monitoring page until every line is green; each line links to
 * the page that fixes it. htmx fetches it again every 5 s (`refreshUrl`), so it turns green as the
 * admin works in another tab; once all is green it says so and stops polling.
 */
export function ReadinessCard(props: { lang: Lang; lines: ReadinessLine[]; refreshUrl: string }) {
  const s = setupText(props.lang);
  const ok = props.lines.filter((l) => l.ok).length;
  const all = ok === props.lines.length;
  if (all) {
    return (
      <section id="readiness" class="notice ok" data-ready="all" role="status">
        {s("ready.done")}
      </section>
    );
  }
  return (
    <section id="readiness" class="card readiness" data-ready={`${ok}/${props.lines.length}`} hx-get={props.refreshUrl} hx-trigger="every 5s" hx-swap="outerHTML">
      <h2>
        {s("ready.title")} <span class="muted">{s("ready.count", { ok, all: props.lines.length })}</span>
      </h2>
      <p class="muted">{s("ready.intro")}</p>
      <ul class="checklist">
        {props.lines.map((l) => (
          <li data-check={l.key} data-ok={l.ok ? "1" : "0"} class={l.ok ? "ready-ok" : "ready-no"}>
            <span aria-hidden="true">{l.ok ? "✔" : "✘"}</span> <span class="visually-hidden">{s(l.ok ? "ready.ok" : "ready.no")}:</span>{" "}
            <a href={l.href}>{s(textKey(l), l.vars)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
