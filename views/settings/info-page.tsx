import { Csrf, Field, Notice, Select, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";
import { trunkText } from "../setup/trunk-text.ts";

/** Values of the service information form (G1). */
export interface InfoValues {
  name: string;
  number: string;
  callerId: string;
  periodStart: string;
  periodEnd: string;
  licences: string | number;
  state: string;
}

export interface InfoProps {
  frame: ServiceFrame;
  values: InfoValues;
  errors?: FieldErrors;
  saved?: boolean;
  /** When the licence count may change next (shown as a hint), if today is used up. */
  agentCount: number;
}

/** The service information form (G1). */
export function InfoForm(props: InfoProps) {
  const s = settingsText(props.frame.lang);
  const { values: v, errors } = props;
  const base = `/admin/services/${props.frame.service.serviceId}`;
  return (
    <section id="area" class="card">
      {props.saved && <Notice>{s("saved")}</Notice>}
      <form method="post" action={`${base}/info`} class="grid">
        <Csrf token={props.frame.user.csrfToken} />
        <Field s={s} label={s("info.name")} name="name" value={v.name} errors={errors} required maxlength={100} />
        <Field
          s={s}
          label={s("info.number")}
          name="number"
          value={v.number}
          errors={errors}
          type="tel"
          hint={<a href={`/admin/trunks?service=${props.frame.service.serviceId}#add`}>{trunkText(props.frame.lang)("serviceLink")}</a>}
        />
        <Field s={s} label={s("info.callerId")} name="callerId" value={v.callerId} errors={errors} type="tel" />
        <Field s={s} label={s("info.periodStart")} name="periodStart" value={v.periodStart} errors={errors} type="date" />
        <Field s={s} label={s("info.periodEnd")} name="periodEnd" value={v.periodEnd} errors={errors} type="date" />
        <Field
          s={s}
          label={s("info.licences")}
          name="licences"
          value={v.licences}
          errors={errors}
          type="number"
          hint={`${s("info.licencesHint")} ${s("agents.count", { count: props.agentCount, licences: v.licences })}`}
        />
        <Select
          s={s}
          label={s("info.state")}
          name="state"
          value={v.state}
          errors={errors}
          options={(["pending", "active", "suspended"] as const).map((x) => [x, s(`state.${x}`)])}
        />
        <div>
          <button type="submit">{s("save")}</button>
        </div>
      </form>
    </section>
  );
}

/** The service information page. */
export function InfoPage(props: InfoProps) {
  return (
    <ServiceLayout {...props.frame} area="info">
      <InfoForm {...props} />
    </ServiceLayout>
  );
}
