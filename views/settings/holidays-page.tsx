import { ListTable } from "../components/data-table.tsx";
import { Csrf, PostButton, Field, Select, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";
import { setupText } from "../setup/setup-text.ts";

export interface HolidayRow {
  date: string;
  name: string;
  kind: "holiday" | "national" | "temporary";
  repeat: "yearly" | "once";
  estimated?: boolean;
}

export interface HolidaysProps {
  frame: ServiceFrame;
  holidays: HolidayRow[];
  /** Years offered by "load Korean public holidays". */
  years: number[];
  values?: Partial<Record<"date" | "name" | "kind" | "repeat", string>>;
  errors?: FieldErrors;
}

/** Holidays (C3): calendar date, kind, repeat; load Korean public holidays for a year. */
export function HolidaysSection(props: HolidaysProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/holidays`;
  const token = props.frame.user.csrfToken;
  const v = props.values ?? {};
  return (
    <section id="area">
      <form method="post" action={base} class="card grid">
        <Csrf token={token} />
        <Field s={s} label={s("holidays.date")} name="date" type="date" value={v.date} errors={props.errors} required />
        <Field s={s} label={s("holidays.name")} name="name" value={v.name} errors={props.errors} maxlength={100} />
        <Select s={s} label={s("holidays.kind")} name="kind" value={v.kind} errors={props.errors}
          options={(["holiday", "national", "temporary"] as const).map((k) => [k, s(`holidays.kind.${k}`)])} />
        <Select s={s} label={s("holidays.repeat")} name="repeat" value={v.repeat} errors={props.errors}
          options={(["yearly", "once"] as const).map((k) => [k, s(`holidays.repeat.${k}`)])} />
        <div>
          <button type="submit">{s("add")}</button>
        </div>
      </form>
      <form method="post" action={`${base}/load`} class="toolbar">
        <Csrf token={token} />
        <label class="inline">
          {s("holidays.year")}{" "}
          <select name="year">
            {props.years.map((y, i) => (
              <option value={String(y)} selected={i === 0}>{y}</option>
            ))}
          </select>
        </label>
        <button type="submit" class="secondary">{s("holidays.load")}</button>
      </form>
      <ListTable headers={[s("holidays.date"), s("holidays.name"), s("holidays.kind"), s("holidays.repeat"), ""]} empty={s("holidays.empty")} count={props.holidays.length}>
        {props.holidays.map((h, i) => (
          <tr>
            <td data-label={s("holidays.date")}>{h.repeat === "yearly" ? h.date.slice(5) : h.date}</td>
            <td data-label={s("holidays.name")}>
              {h.name} {h.estimated && <span class="muted">({s("holidays.estimated")})</span>}
            </td>
            <td data-label={s("holidays.kind")}>{s(`holidays.kind.${h.kind}`)}</td>
            <td data-label={s("holidays.repeat")}>{s(`holidays.repeat.${h.repeat}`)}</td>
            <td>
              <PostButton action={`${base}/${i}/delete`} token={token} label={s("remove")} confirm={setupText(props.frame.lang)("confirm.holiday", { date: h.date, name: h.name })}>
                <input type="hidden" name="date" value={h.date} />
              </PostButton>
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

/** The holidays page (C3). */
export function HolidaysPage(props: HolidaysProps) {
  return (
    <ServiceLayout {...props.frame} area="holidays">
      <HolidaysSection {...props} />
    </ServiceLayout>
  );
}
