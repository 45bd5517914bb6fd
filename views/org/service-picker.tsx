import type { OrgText } from "./text.ts";

/** The GET picker of the service a member's page is about. */
export function ServicePicker(props: { o: OrgText; action: string; services: { serviceId: string; name: string }[]; current?: string; extra?: Record<string, string> }) {
  return (
    <form method="get" action={props.action} class="picker">
      <label>
        {props.o("perm.service")}{" "}
        <select name="serviceId">
          {props.services.map((s) => <option value={s.serviceId} selected={s.serviceId === props.current}>{s.name} ({s.serviceId})</option>)}
        </select>
      </label>
      {Object.entries(props.extra ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit">{props.o("search")}</button>
    </form>
  );
}
