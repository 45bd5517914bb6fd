import { Csrf, Field, Notice, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText, type SettingsKey } from "./text.ts";

/** The days of the business-hours form, Monday first. */
export const HOUR_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface HoursProps {
  frame: ServiceFrame;
  /** Per day (and the optional weekday/weekend bulk fields): "09:00-12:00, 13:00-18:00". */
  values: Record<string, string>;
  errors?: FieldErrors;
  saved?: boolean;
}

/** Business hours (C2): several ranges per day, weekday / weekend bulk entry. */
export function HoursSection(props: HoursProps) {
  const s = settingsText(props.frame.lang);
  const v = props.values;
  return (
    <section id="area" class="card">
      {props.saved && <Notice>{s("saved")}</Notice>}
      <p class="muted">{s("hours.hint")}</p>
      <form method="post" action={`/admin/services/${props.frame.service.serviceId}/hours`} class="grid">
        <Csrf token={props.frame.user.csrfToken} />
        <fieldset class="bulk">
          <legend>{s("hours.apply")}</legend>
          <Field s={s} label={s("hours.day.weekday")} name="weekday" value={v.weekday} errors={props.errors} placeholder="09:00-12:00, 13:00-18:00" />
          <Field s={s} label={s("hours.day.weekend")} name="weekend" value={v.weekend} errors={props.errors} placeholder="" />
        </fieldset>
        {HOUR_DAYS.map((d) => (
          <Field
            s={s}
            label={`${s(`hours.day.${d}` as SettingsKey)} · ${s((v[d] ?? "").trim() ? "hours.possible" : "hours.impossible")}`}
            name={d}
            value={v[d]}
            errors={props.errors}
          />
        ))}
        <div>
          <button type="submit">{s("save")}</button>
        </div>
      </form>
    </section>
  );
}

/** The business hours page (C2). */
export function HoursPage(props: HoursProps) {
  return (
    <ServiceLayout {...props.frame} area="hours">
      <HoursSection {...props} />
    </ServiceLayout>
  );
}
