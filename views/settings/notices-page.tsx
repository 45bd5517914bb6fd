import { Csrf, Field, FieldError, PostButton, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { setupText } from "../setup/setup-text.ts";
import { settingsText } from "./text.ts";

/** Props of {@link NoticesPage}. */
export interface NoticesProps {
  frame: ServiceFrame;
  notices: { id: number; title: string; body: string; author: string; createdAt: string; everyService: boolean }[];
  /** An org admin may post to every service's agents. */
  orgAdmin: boolean;
  errors?: FieldErrors;
  values?: { title?: string; body?: string };
}

/** Notices to agents (A11): post one for this service's agents (or, as an org admin, for all), list and delete. */
export function NoticesPage(props: NoticesProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/notices`;
  const token = props.frame.user.csrfToken;
  return (
    <ServiceLayout {...props.frame} area="notices">
      <section id="area">
        <form method="post" action={base} class="card">
          <Csrf token={token} />
          <Field s={s} label={s("notices.title")} name="title" value={props.values?.title} errors={props.errors} required maxlength={100} />
          <label>
            {s("notices.body")}
            <textarea name="body" rows={5} maxlength={2000} required aria-invalid={props.errors?.body ? "true" : undefined}>{props.values?.body ?? ""}</textarea>
            <FieldError s={s} errors={props.errors} name="body" />
          </label>
          {props.orgAdmin && (
            <label>
              <input type="checkbox" name="everyService" value="1" /> {s("notices.everyService")}
            </label>
          )}
          <FieldError s={s} errors={props.errors} name="everyService" />
          <button type="submit">{s("notices.post")}</button>
        </form>
        {props.notices.length === 0 ? (
          <p class="muted">{s("notices.empty")}</p>
        ) : (
          <ul class="types">
            {props.notices.map((n) => (
              <li>
                <strong>{n.title}</strong> <span class="muted">{n.createdAt} · {s("notices.author")} {n.author}</span>
                {n.everyService && <> · {s("notices.all")}</>}
                <p>{n.body}</p>
                {(!n.everyService || props.orgAdmin) && <PostButton action={`${base}/${n.id}/delete`} token={token} label={s("remove")} confirm={setupText(props.frame.lang)("confirm.notice", { title: n.title })} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </ServiceLayout>
  );
}
