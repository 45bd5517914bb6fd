import { ListTable } from "../components/data-table.tsx";
import { localTime } from "../components/ops-text.ts";
import { Csrf, Field, Notice, PostButton, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { setupText } from "../setup/setup-text.ts";
import { settingsText, type SettingsKey, type SettingsText } from "./text.ts";

/** A trace as the page lists it (the store's SipTrace, minus what the page does not show). */
export interface TraceRow {
  traceId: string;
  filter: string;
  minutes: number;
  state: "pending" | "running" | "ended";
  endReason?: string;
  startedAt?: number;
  endsAt: number;
  messages: number;
  bytes: number;
}

export interface TraceProps {
  frame: ServiceFrame;
  timeZone: string;
  traces: TraceRow[];
  limits: { max: number; minutes: number };
  values?: { filter?: string; minutes?: string };
  errors?: FieldErrors;
  started?: boolean;
}

export interface TraceMessagesProps {
  frame: ServiceFrame;
  timeZone: string;
  trace: TraceRow;
  /** The messages as text (possibly only the first part). */
  text: string;
  /** Set when `text` is only the first part of the record. */
  truncated?: boolean;
  shownBytes: number;
}

/** Bytes as B, KB or MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function stateText(s: SettingsText, t: TraceRow): string {
  const state = s(`trace.state.${t.state}` as SettingsKey);
  return t.endReason ? `${state} (${s(`trace.reason.${t.endReason}` as SettingsKey)})` : state;
}

/** The list of traces; re-fetched by htmx every 2 s while one is open (its figures grow). */
export function TraceList(props: TraceProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/trace`;
  const open = props.traces.some((t) => t.state !== "ended");
  const when = (at?: number) => (at === undefined ? "—" : localTime(props.frame.lang, props.timeZone, at));
  return (
    <div id="traces" hx-get={open ? base : undefined} hx-trigger={open ? "every 2s" : undefined} hx-select="#traces" hx-swap="outerHTML">
      <ListTable headers={[s("trace.state"), s("trace.filter"), s("trace.begun"), s("trace.ends"), s("trace.messages"), s("trace.size"), ""]} empty={s("trace.empty")} count={props.traces.length}>
        {props.traces.map((t) => (
          <tr data-trace={t.traceId}>
            <td data-label={s("trace.state")}>{stateText(s, t)}</td>
            <td data-label={s("trace.filter")} class="mono">{t.filter} · {t.minutes}′</td>
            <td data-label={s("trace.begun")}>{when(t.startedAt)}</td>
            <td data-label={s("trace.ends")}>{when(t.endsAt)}</td>
            <td data-label={s("trace.messages")} class="num">{t.messages}</td>
            <td data-label={s("trace.size")} class="num">{sizeText(t.bytes)}</td>
            <td>
              <a href={`${base}/${t.traceId}`}>{s("trace.view")}</a>{" "}
              <a href={`${base}/${t.traceId}/pcap`} download>{s("trace.download")}</a>{" "}
              {t.state !== "ended" && <PostButton action={`${base}/${t.traceId}/stop`} token={props.frame.user.csrfToken} label={s("trace.stop")} kind="secondary" confirm={setupText(props.frame.lang)("confirm.trace")} />}
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}

/** SIP trace on demand (X6): start one for a number or extension, follow it, read or download it. */
export function TraceSection(props: TraceProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/trace`;
  const vars = { max: props.limits.max, minutes: props.limits.minutes };
  return (
    <section id="area">
      {props.started && <Notice>{s("trace.started")}</Notice>}
      <p class="muted">{s("trace.hint", vars)}</p>
      <form method="post" action={base} class="card grid">
        <Csrf token={props.frame.user.csrfToken} />
        <Field s={s} label={s("trace.filter")} name="filter" value={props.values?.filter} errors={props.errors} vars={vars} required maxlength={40} placeholder="1001" />
        <Field s={s} label={s("trace.minutes")} name="minutes" type="number" value={props.values?.minutes ?? "10"} errors={props.errors} vars={vars} required />
        <div>
          <button type="submit">{s("trace.start")}</button>
        </div>
      </form>
      <TraceList {...props} />
    </section>
  );
}

/** The trace page (X6). */
export function TracePage(props: TraceProps) {
  return (
    <ServiceLayout {...props.frame} area="trace">
      <TraceSection {...props} />
    </ServiceLayout>
  );
}

/** One trace's messages as text, as they went over the wire. */
export function TraceMessagesPage(props: TraceMessagesProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/trace`;
  const t = props.trace;
  return (
    <ServiceLayout {...props.frame} area="trace">
      <section id="area">
        <p>
          <a href={base}>← {s("trace.back")}</a> · <span class="mono">{t.filter}</span> · {stateText(s, t)} · {s("trace.messages")} {t.messages} ·{" "}
          <a href={`${base}/${t.traceId}/pcap`} download>{s("trace.download")}</a>
        </p>
        {props.truncated && <p class="muted">{s("trace.truncated", { size: sizeText(props.shownBytes) })}</p>}
        {props.text ? <pre class="trace mono">{props.text}</pre> : <p class="muted">{s("trace.noMessages")}</p>}
      </section>
    </ServiceLayout>
  );
}
