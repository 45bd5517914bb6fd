import { Csrf, Field, Notice, Select, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";

export interface WorkProps {
  frame: ServiceFrame;
  values: { stateAfterLogin: string; stateAfterCall: string; screenPopUrl: string };
  errors?: FieldErrors;
  saved?: boolean;
}

/** Work management (G9): states after sign-in and after a call, screen-pop URL. */
export function WorkSection(props: WorkProps) {
  const s = settingsText(props.frame.lang);
  const v = props.values;
  return (
    <section id="area" class="card">
      {props.saved && <Notice>{s("saved")}</Notice>}
      <form method="post" action={`/admin/services/${props.frame.service.serviceId}/work`} class="grid">
        <Csrf token={props.frame.user.csrfToken} />
        <Select s={s} label={s("work.afterLogin")} name="stateAfterLogin" value={v.stateAfterLogin} errors={props.errors}
          options={[["ready", s("agent.ready")], ["away", s("agent.away")]]} />
        <Select s={s} label={s("work.afterCall")} name="stateAfterCall" value={v.stateAfterCall} errors={props.errors}
          options={[["ready", s("agent.ready")], ["away", s("agent.away")], ["wrap-up", s("agent.wrap-up")]]} />
        <Field s={s} label={s("work.screenPop")} name="screenPopUrl" value={v.screenPopUrl} errors={props.errors} type="url"
          maxlength={500} placeholder="https://crm.example.com/customer?phone={caller}" hint={s("work.screenPopHint")} />
        <div>
          <button type="submit">{s("save")}</button>
        </div>
      </form>
    </section>
  );
}

/** The work management page (G9). */
export function WorkPage(props: WorkProps) {
  return (
    <ServiceLayout {...props.frame} area="work">
      <WorkSection {...props} />
    </ServiceLayout>
  );
}
