/** The dashboard's side of issue 17 points 4 and 5: drill-down links and definitions of its figures, the self-checks card. */
import type { Figure } from "../../cc/index.ts";
import type { Service } from "../../store/index.ts";
import { localTime, type DashboardFigureLinks, type FigureDefinitionView, type Lang, type SelfChecksView } from "../../../views/index.ts";
import type { WebDeps } from "../deps.ts";
import { drillHref, figureDefinitionItems } from "./figure-drill.tsx";

/** The dashboard's figures (D1, D3, D4), whose definitions it shows. */
const DASHBOARD_FIGURES: Figure[] = [
  "totalInbound", "offered", "answered", "abandoned", "answerRate", "serviceLevel", "answerRateWithinSl", "internalCalls", "callbackConversions",
];

/** Today's drill-down links of the dashboard's figures (the service's local day). */
export function dashboardFigureLinks(svc: Service, lang: Lang, now: number): DashboardFigureLinks {
  const today = Temporal.Instant.fromEpochMilliseconds(now).toZonedDateTimeISO(svc.timezone).toPlainDate().toString();
  const defs = new Map(figureDefinitionItems(lang, DASHBOARD_FIGURES).map((d) => [d.id, d.text]));
  return {
    href: (figure, queueId) =>
      drillHref(svc.serviceId, { figure: figure as Figure, by: queueId ? "queue" : "service", key: queueId, from: today, to: today }),
    title: (figure) => defs.get(figure as Figure) ?? "",
  };
}

/** The latest reconcile check and canary call of a service, as the self-checks card shows them. */
export function selfChecksView(deps: WebDeps, svc: Service, lang: Lang): SelfChecksView | undefined {
  const checks = deps.selfChecks;
  if (!checks) return undefined;
  const r = checks.reconciler.latest(svc.serviceId);
  const c = checks.canary.latest(svc.serviceId);
  return {
    ...(r ? { reconcile: { day: r.day, compared: r.compared, differences: r.differences } } : {}),
    ...(c
      ? {
        canary: {
          at: localTime(lang, svc.timezone, c.at), ok: c.ok, steps: c.steps.length,
          ...(c.failure ? { failure: { number: c.failure.number, step: c.failure.step, code: c.failure.code, detail: c.failure.detail } } : {}),
        },
      }
      : {}),
  };
}

/** Everything the dashboard page adds for issue 17 points 4 and 5. */
export function dashboardChecks(deps: WebDeps, svc: Service, lang: Lang, now: number): {
  figureLinks: DashboardFigureLinks;
  definitions: FigureDefinitionView[];
  selfChecks?: SelfChecksView;
} {
  const selfChecks = selfChecksView(deps, svc, lang);
  return { figureLinks: dashboardFigureLinks(svc, lang, now), definitions: figureDefinitionItems(lang, DASHBOARD_FIGURES), ...(selfChecks ? { selfChecks } : {}) };
}
