import { KeepSort, type ListPage } from "./list-controls.tsx";

/** One filter of a lookup: a text, date or select input. */
export interface FilterField {
  name: string;
  label: string;
  type: "text" | "date" | "select";
  value: string;
  /** For selects: value → label ("" = all). */
  options?: [string, string][];
}

/** The GET filter form of a lookup (filters, sort and direction stay in the URL). */
export function FilterForm(props: { action: string; fields: FilterField[]; list: ListPage; submit: string }) {
  return (
    <form method="get" action={props.action} class="filters">
      {props.fields.map((f) => (
        <label>
          {f.label}
          {f.type === "select" ? (
            <select name={f.name}>
              {(f.options ?? []).map(([v, l]) => (
                <option value={v} selected={v === f.value}>{l}</option>
              ))}
            </select>
          ) : (
            <input type={f.type} name={f.name} value={f.value} size={f.type === "text" ? 12 : undefined} />
          )}
        </label>
      ))}
      <KeepSort list={props.list} />
      <button type="submit">{props.submit}</button>
    </form>
  );
}
