import type { Context } from "hono";
import { ChangePreviewPage, ChangePreviewSection, type ChangePreviewProps, type ServiceArea } from "../../../views/index.ts";
import type { ChangePreviewInput } from "../../cc/index.ts";
import type { WebDeps } from "../deps.ts";
import { areaUrl, frameOf, respond, type ServiceEnv } from "./service-scope.ts";

const pad = (n: number) => String(n).padStart(2, "0");
const localStamp = (ms: number, tz: string) => {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
  return `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}`;
};

/**
 * Change preview before a save (issue 17 point 6): unless the form confirms (`confirm=1`), ask the
 * domain which of the last 7 days' calls the change would route elsewhere; when some would, answer
 * the preview with a confirm (nothing saved) — else undefined and the page saves as before.
 */
export function previewFirst(
  c: Context<ServiceEnv>, deps: WebDeps, area: ServiceArea, change: ChangePreviewInput, fields: Record<string, unknown>,
): Response | Promise<Response> | undefined {
  if (String(fields.confirm ?? "") === "1") return undefined;
  const svc = c.get("service");
  const p = deps.admin.preview.preview(svc.serviceId, change);
  if (!p.changed.length) return undefined;
  const frame = frameOf(c, deps);
  const lang = frame.lang === "ko" ? "ko" : "en";
  const props: ChangePreviewProps = {
    frame, area, action: new URL(c.req.url).pathname, back: areaUrl(c, area), replayed: p.replayed,
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])),
    changed: p.changed.map((x) => ({ callId: x.callId, time: localStamp(x.startedAt, svc.timezone), from: x.from, now: x.nowText[lang], after: x.afterText[lang] })),
  };
  return respond(c, () => <ChangePreviewPage {...props} />, () => <ChangePreviewSection {...props} />);
}
