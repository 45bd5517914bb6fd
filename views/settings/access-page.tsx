import { Csrf, FieldError, Notice, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";

export interface AccessProps {
  frame: ServiceFrame;
  /** One range per line, optionally followed by a note. */
  text: string;
  /** The client address the server sees. */
  ip: string;
  errors?: FieldErrors;
  saved?: boolean;
}

/** Access management (G10): admin address ranges in CIDR. */
export function AccessSection(props: AccessProps) {
  const s = settingsText(props.frame.lang);
  const id = props.frame.service.serviceId;
  return (
    <section id="area" class="card">
      {props.saved && <Notice>{s("saved")}</Notice>}
      <p class="muted">{s("access.hint", { serviceId: id })}</p>
      <p>{s("access.yourIp", { ip: props.ip })}</p>
      <form method="post" action={`/admin/services/${id}/access`}>
        <Csrf token={props.frame.user.csrfToken} />
        <label>
          {s("access.ranges")}
          <textarea name="ranges" rows={6} placeholder={"203.0.113.0/24 office\n2001:db8::/32"}
            aria-invalid={props.errors?.ranges ? "true" : undefined} aria-describedby="ranges-error">{props.text}</textarea>
          <FieldError s={s} errors={props.errors} name="ranges" vars={{ ip: props.ip }} />
        </label>
        <button type="submit">{s("save")}</button>
      </form>
    </section>
  );
}

/** The access management page (G10). */
export function AccessPage(props: AccessProps) {
  return (
    <ServiceLayout {...props.frame} area="access">
      <AccessSection {...props} />
    </ServiceLayout>
  );
}
