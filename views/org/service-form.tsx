import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgFormError, OrgField, OrgFieldError, type OrgErrors } from "./org-fields.tsx";
import { orgText } from "./text.ts";

/** Values of the basic-info form (O1 step 1, or editing it). */
export interface ServiceFormValues {
  type: string;
  name: string;
  serviceId: string;
  language: string;
  timezone: string;
}

export interface ServiceFormProps {
  frame: OrgFrame;
  values: ServiceFormValues;
  errors?: OrgErrors;
  /** Editing an existing service: its ID and type stay. */
  editing?: { banner: boolean };
  saved?: boolean;
}

const FIELDS = ["type", "name", "serviceId", "language", "timezone", "banner"] as const;

/** Step 1 of adding a service (basic info), or editing it (O1). */
export function ServiceFormPage(props: ServiceFormProps) {
  const { frame, values: v, errors, editing } = props;
  const o = orgText(frame.lang);
  const shown = errors && { ...errors, ...(errors.language === "format" ? { language: "language" } : {}) };
  const action = editing ? `/admin/org/services/${v.serviceId}/edit` : "/admin/org/services/new";
  return (
    <OrgLayout frame={frame} area="services" title={editing ? `${o("svc.edit")} · ${v.serviceId}` : `${o("svc.add")} · ${o("svc.step1")}`}>
      {props.saved && <p class="notice ok" role="status">{o("saved")}</p>}
      <section class="card">
        <form method="post" action={action} enctype="multipart/form-data" class="grid" id="service-form">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={shown} fields={FIELDS} />
          <fieldset disabled={Boolean(editing)}>
            <legend>{o("svc.type")}</legend>
            {(["contact-center", "tickets"] as const).map((t) => (
              <label>
                <input type="radio" name="type" value={t} checked={v.type === t} /> {o(`type.${t}`)}
              </label>
            ))}
            <OrgFieldError o={o} errors={shown} name="type" />
          </fieldset>
          <OrgField o={o} label={o("svc.name")} name="name" value={v.name} errors={shown} required maxlength={100} />
          <OrgField o={o} label={o("svc.serviceId")} name="serviceId" value={v.serviceId} errors={shown} required maxlength={32} hint={o("svc.serviceIdHint")} readonly={Boolean(editing)} />
          <OrgField o={o} label={o("svc.language")} name="language" value={v.language} errors={shown} required maxlength={2} hint={o("svc.languageHint")} />
          <OrgField o={o} label={o("svc.timezone")} name="timezone" value={v.timezone} errors={shown} hint={o("svc.timezoneHint")} />
          <label>
            {o("svc.banner")}
            <input type="file" name="banner" accept="image/png,image/jpeg,image/gif,image/webp" />
            <small class="muted">{o("svc.bannerHint")}</small>
            <OrgFieldError o={o} errors={shown} name="banner" />
          </label>
          {editing?.banner && (
            <label>
              <input type="checkbox" name="removeBanner" value="1" /> {o("svc.bannerRemove")}
            </label>
          )}
          <div>
            <button type="submit">{editing ? o("save") : o("svc.next")}</button> <a href="/admin/org/services">{o("cancel")}</a>
          </div>
        </form>
      </section>
    </OrgLayout>
  );
}
