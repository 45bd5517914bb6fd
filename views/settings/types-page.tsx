import { Csrf, Field, FieldError, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";

export interface TypesProps {
  frame: ServiceFrame;
  types: { id: number; name: string; retired: boolean }[];
  errors?: FieldErrors;
  /** The row whose rename failed, with its errors. */
  errorId?: number;
  values?: { name?: string };
}

/** Consultation types (G7): add, rename, order, retire. */
export function TypesSection(props: TypesProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/types`;
  const token = props.frame.user.csrfToken;
  return (
    <section id="area">
      <form method="post" action={base} class="card grid">
        <Csrf token={token} />
        <Field s={s} label={s("types.name")} name="name" value={props.errorId ? "" : props.values?.name} errors={props.errorId ? undefined : props.errors} required maxlength={50} />
        <div>
          <button type="submit">{s("add")}</button>
        </div>
      </form>
      <ol class="types">
        {props.types.map((x) => (
          <li class={x.retired ? "retired" : ""}>
            <form method="post" action={`${base}/${x.id}`} class="inline">
              <Csrf token={token} />
              <input name="name" value={x.name} aria-label={s("types.name")} maxlength={50} />
              <button type="submit" name="op" value="rename" class="secondary">{s("types.rename")}</button>
              {!x.retired && (
                <>
                  <button type="submit" name="op" value="up" class="secondary" aria-label={s("types.up")}>▲</button>
                  <button type="submit" name="op" value="down" class="secondary" aria-label={s("types.down")}>▼</button>
                </>
              )}
              <button type="submit" name="op" value={x.retired ? "restore" : "retire"} class="secondary">
                {s(x.retired ? "types.restore" : "types.retire")}
              </button>
              {x.retired && <span class="muted">{s("types.retired")}</span>}
            </form>
            {props.errorId === x.id && <FieldError s={s} errors={props.errors} name="name" />}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The consultation types page (G7). */
export function TypesPage(props: TypesProps) {
  return (
    <ServiceLayout {...props.frame} area="types">
      <TypesSection {...props} />
    </ServiceLayout>
  );
}
