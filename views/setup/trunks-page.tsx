import { Page } from "../layouts/page.tsx";
import type { Lang, Translate } from "../messages.ts";
import { Notice, PostButton, type FieldErrors } from "../settings/fields.tsx";
import { TrunkForm, type TrunkFormValues } from "./trunk-form.tsx";
import { OutboundRulesCard, type OutboundRulesView } from "./outbound-rules-card.tsx";
import { trunkText, type TrunkKey, type TrunkText } from "./trunk-text.ts";

/** One trunk as the list shows it, with what the appliance knows of its carrier now. */
export interface TrunkRow {
  trunkId: string;
  name: string;
  mode: "register" | "peer";
  host: string;
  port: number;
  transport: string;
  /** Outbound order among the service's trunks, concurrent-call cap (0: none), outbound proxy. */
  priority: number;
  maxCalls: number;
  outboundProxy: string;
  /** Outbound minute caps per last hour and day (0: none). */
  capHourMinutes: number;
  capDayMinutes: number;
  numbers: { number: string; serviceId: string; serviceName: string }[];
  /** registered, registering, failed, stopped, peer; "unknown" before the first report. */
  state: string;
  lastAnswer?: string;
  retryInSeconds?: number;
  expiresInSeconds?: number;
  probe?: { state: "unknown" | "up" | "down"; rttMs?: number; lastAnswer?: string };
}

/** Props of the trunk pages (org level, under /admin/trunks). */
export interface TrunksProps {
  lang: Lang;
  t: Translate;
  user: { name: string; csrfToken: string };
  /** Org admins add, edit and remove; service admins only see their services' trunks. */
  canEdit: boolean;
  rows: TrunkRow[];
  services: { serviceId: string; name: string }[];
  /** The add form (values to show again, errors). */
  form: { values: TrunkFormValues; errors?: FieldErrors };
  /** After a change: what happened, and the numbers to test an inbound call on. */
  done?: { kind: "created" | "updated" | "removed"; name?: string; numbers?: string[] };
  /** Each visible service's outbound rules (issue 16 point 6); `editable` those this member may change. */
  outboundRules?: { rules: OutboundRulesView; editable: boolean }[];
}

const STATE_CLASS: Record<string, string> = { registered: "ok", peer: "ok", failed: "bad", stopped: "bad", registering: "wait" };

/** The state cell: registration (or peer), the carrier's last answer, the retry time, and the OPTIONS probe. */
function StateCell(props: { t: TrunkText; row: TrunkRow }) {
  const { t, row } = props;
  const known = ["registered", "registering", "failed", "stopped", "peer"].includes(row.state);
  return (
    <>
      <strong class={`trunk-state ${STATE_CLASS[row.state] ?? "wait"}`} data-state={row.state}>
        {t(known ? (`state.${row.state}` as TrunkKey) : "state.unknown")}
      </strong>
      {row.lastAnswer && row.state !== "peer" && <div class="muted">{t("answer", { answer: row.lastAnswer })}</div>}
      {row.retryInSeconds !== undefined && <div class="muted" data-retry={row.retryInSeconds}>{t("retry", { n: row.retryInSeconds })}</div>}
      {row.state === "registered" && row.expiresInSeconds !== undefined && <div class="muted">{t("expires", { n: row.expiresInSeconds })}</div>}
    </>
  );
}

/** The trunks with their live state; htmx fetches it again every 3 s (the whole section, outerHTML). */
export function TrunkList(props: TrunksProps) {
  const t = trunkText(props.lang);
  const token = props.user.csrfToken;
  return (
    <section id="trunk-list" hx-get="/admin/trunks-live" hx-trigger="every 3s" hx-swap="outerHTML">
      {props.rows.length === 0 ? (
        <p class="empty">{t("empty")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("col.name")}</th>
                <th>{t("col.carrier")}</th>
                <th>{t("col.numbers")}</th>
                <th>{t("col.state")}</th>
                <th>{t("col.probe")}</th>
                {props.canEdit && <th></th>}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-trunk={r.trunkId}>
                  <td data-label={t("col.name")} class="wrap">
                    {r.name}
                    <div class="muted">{t(`modeShort.${r.mode}`)}</div>
                  </td>
                  <td data-label={t("col.carrier")} class="mono">
                    {r.transport} {r.host}:{r.port}
                    {r.outboundProxy && <div class="muted">⇢ {r.outboundProxy}</div>}
                    <div class="muted">
                      {t("order", { n: r.priority })}
                      {r.maxCalls > 0 && <>, {t("cap", { n: r.maxCalls })}</>}
                      {(r.capHourMinutes > 0 || r.capDayMinutes > 0) && (
                        <span data-caps={`${r.capHourMinutes}/${r.capDayMinutes}`}>, {t("minutesCap", { hour: r.capHourMinutes || "∞", day: r.capDayMinutes || "∞" })}</span>
                      )}
                    </div>
                  </td>
                  <td data-label={t("col.numbers")}>
                    {r.numbers.length === 0 ? <span class="muted">{t("noNumbers")}</span> : r.numbers.map((n) => (
                      <div>
                        <span class="mono">{n.number}</span> → {n.serviceName}
                      </div>
                    ))}
                  </td>
                  <td data-label={t("col.state")}>
                    <StateCell t={t} row={r} />
                  </td>
                  <td data-label={t("col.probe")} data-probe={r.probe?.state ?? "unknown"}>
                    {t(`probe.${r.probe?.state ?? "unknown"}`, { ms: r.probe?.rttMs ?? "-" })}
                    {r.probe?.state === "down" && r.probe.lastAnswer && <div class="muted">{r.probe.lastAnswer}</div>}
                  </td>
                  {props.canEdit && (
                    <td>
                      <div class="actions">
                        <a class="button secondary" href={`/admin/trunks/${encodeURIComponent(r.trunkId)}`}>{t("edit")}</a>
                        <PostButton
                          action={`/admin/trunks/${encodeURIComponent(r.trunkId)}/delete`}
                          token={token}
                          label={t("remove")}
                          confirm={t("confirmRemove", { name: r.name, numbers: r.numbers.map((n) => n.number).join(", ") || t("noNumbers") })}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted">{t("live")}</p>
    </section>
  );
}

/** What changed, and how to test an inbound call on the trunk's numbers. */
function DoneNotice(props: { t: TrunkText; done: NonNullable<TrunksProps["done"]> }) {
  const { t, done } = props;
  const first = done.numbers?.[0];
  return (
    <Notice>
      <p>{t(done.kind, { name: done.name ?? "" })}</p>
      {done.kind !== "removed" && (
        <p data-testid="test-call">
          <strong>{t("testTitle")}:</strong> {first ? t("testHint", { number: first }) : t("testNone")}
        </p>
      )}
    </Notice>
  );
}

/** The carrier trunks page (T7): the list with live state and, for org admins, the add form. */
export function TrunksPage(props: TrunksProps) {
  const t = trunkText(props.lang);
  return (
    <Page lang={props.lang} t={props.t} title={t("title")} user={props.user} path="/admin/trunks">
      <h1>{t("title")}</h1>
      <p class="note">{props.canEdit ? t("intro") : t("readOnly")}</p>
      {props.done && <DoneNotice t={t} done={props.done} />}
      <TrunkList {...props} />
      {props.outboundRules?.map((o) => <OutboundRulesCard lang={props.lang} csrfToken={props.user.csrfToken} rules={o.rules} canEdit={o.editable} />)}
      {props.canEdit && (
        <>
          <h2 id="add">{t("add")}</h2>
          <TrunkForm lang={props.lang} csrfToken={props.user.csrfToken} action="/admin/trunks" values={props.form.values} errors={props.form.errors} services={props.services} />
        </>
      )}
    </Page>
  );
}

/** Editing one trunk (T7). */
export function TrunkEditPage(props: Omit<TrunksProps, "rows" | "canEdit" | "done"> & { trunkId: string }) {
  const t = trunkText(props.lang);
  const path = `/admin/trunks/${encodeURIComponent(props.trunkId)}`;
  return (
    <Page lang={props.lang} t={props.t} title={t("editTitle", { name: props.form.values.name })} user={props.user} path={path}>
      <p>
        <a href="/admin/trunks">← {t("back")}</a>
      </p>
      <h1 class="wrap">{t("editTitle", { name: props.form.values.name })}</h1>
      <TrunkForm lang={props.lang} csrfToken={props.user.csrfToken} action={path} values={props.form.values} errors={props.form.errors} services={props.services} editing />
    </Page>
  );
}
