import { ListTable } from "../components/data-table.tsx";
import { Csrf, PostButton, Field, FieldError, Select, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText } from "./text.ts";
import { setupText } from "../setup/setup-text.ts";

/** One menu entry: a queue (connect to agent) or an information message (C4). */
export interface MenuRow {
  digit: string;
  kind: "queue" | "info";
  /** Queue name or the message text. */
  label: string;
  callback?: boolean;
  /** queueId for queues. */
  id?: string;
}

export interface MenuProps {
  frame: ServiceFrame;
  entries: MenuRow[];
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** Menu entries (C4): connect to agent (with callback allowed or not) or information message. */
export function MenuSection(props: MenuProps) {
  const s = settingsText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/menu`;
  const token = props.frame.user.csrfToken;
  const v = props.values ?? {};
  const free = "0123456789".split("").filter((d) => !props.entries.some((e) => e.digit === d));
  return (
    <section id="area">
      <ListTable headers={[s("menu.digit"), s("menu.kind"), s("menu.queueName"), s("menu.callback"), ""]} empty={s("menu.empty")} count={props.entries.length}>
        {props.entries.map((e) => (
          <tr>
            <td data-label={s("menu.digit")}>{e.digit}</td>
            <td data-label={s("menu.kind")}>{s(e.kind === "queue" ? "menu.kind.queue" : "menu.kind.info")}</td>
            <td data-label={s("menu.queueName")}>{e.label}</td>
            <td data-label={s("menu.callback")}>{e.kind === "queue" ? s(e.callback ? "yes" : "no") : ""}</td>
            <td>
              <PostButton action={`${base}/${e.digit}/delete`} token={token} label={s("remove")} confirm={setupText(props.frame.lang)("confirm.menu", { digit: e.digit })} />
            </td>
          </tr>
        ))}
      </ListTable>
      <form method="post" action={base} class="card grid">
        <Csrf token={token} />
        <Select s={s} label={s("menu.digit")} name="digit" value={v.digit} errors={props.errors} options={free.map((d) => [d, d])} />
        <Select s={s} label={s("menu.kind")} name="kind" value={v.kind} errors={props.errors}
          options={[["queue", s("menu.kind.queue")], ["info", s("menu.kind.info")]]} />
        <Field s={s} label={s("menu.queueName")} name="name" value={v.name} errors={props.errors} maxlength={50} />
        <label>
          <input type="checkbox" name="callback" value="1" checked={v.callback === "1"} class="check" /> {s("menu.callback")}
        </label>
        <label class="wide">
          {s("menu.infoText")}
          <textarea name="text" maxlength={200} rows={3}>{v.text ?? ""}</textarea>
          <small class="muted">{s("menu.infoHint")}</small>
          <FieldError s={s} errors={props.errors} name="text" />
        </label>
        <div>
          <button type="submit">{s("add")}</button>
        </div>
      </form>
    </section>
  );
}

/** The menu page (C4). */
export function MenuPage(props: MenuProps) {
  return (
    <ServiceLayout {...props.frame} area="menu">
      <MenuSection {...props} />
    </ServiceLayout>
  );
}
