import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgFormError, OrgNotice, type OrgErrors } from "./org-fields.tsx";
import { orgText, won, type OrgKey } from "./text.ts";

/** One service's charge in the month. */
export interface ChargeView {
  serviceId: string;
  name: string;
  type: "contact-center" | "tickets";
  state: "pending" | "active" | "suspended" | "terminated";
  base: number;
  licences: number;
  features: number;
  deskPhones: number;
  total: number;
}

export interface ChargesProps {
  frame: OrgFrame;
  month: string;
  scope: string;
  /** Scope choices: value → label. */
  scopes: [string, string][];
  rows: ChargeView[];
  byType: { "contact-center": number; tickets: number };
  total: number;
  /** The price table: item → amount. */
  prices: [string, number][];
  errors?: OrgErrors;
  saved?: boolean;
}

const priceLabel = (o: ReturnType<typeof orgText>, item: string) =>
  item.startsWith("feature:") ? o("price.feature", { feature: o(`feature.${item.slice(8)}` as OrgKey) }) : o(`price.${item}` as OrgKey);

/** Charges (요금 현황, O2): a month's charges per service, per type and in total, and the editable price table. */
export function ChargesPage(props: ChargesProps) {
  const { frame } = props;
  const o = orgText(frame.lang);
  const w = (n: number) => won(o, frame.lang, n);
  return (
    <OrgLayout frame={frame} area="charges">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      <form method="get" action="/admin/org/charges" class="filters">
        <label>
          {o("charges.month")} <input type="month" name="month" value={props.month} />
        </label>
        <label>
          {o("charges.scope")}{" "}
          <select name="scope">
            {props.scopes.map(([v, l]) => <option value={v} selected={v === props.scope}>{l}</option>)}
          </select>
        </label>
        <button type="submit">{o("search")}</button>
      </form>
      <div class="table-wrap" id="charges">
        <table>
          <thead>
            <tr>
              <th>{o("charges.service")}</th>
              <th>{o("svc.type")}</th>
              <th>{o("svc.state")}</th>
              <th>{o("svc.costBase")}</th>
              <th>{o("svc.costLicences")}</th>
              <th>{o("svc.costFeatures")}</th>
              <th>{o("svc.costPhones")}</th>
              <th>{o("charges.total")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 && <tr><td colspan={8}>{o("empty")}</td></tr>}
            {props.rows.map((r) => (
              <tr id={`charge-${r.serviceId}`}>
                <td data-label={o("charges.service")}>{r.name} <span class="mono muted">({r.serviceId})</span></td>
                <td data-label={o("svc.type")}>{o(`type.${r.type}`)}</td>
                <td data-label={o("svc.state")}>{r.state === "terminated" ? o("svc.terminated") : o(`state.${r.state}`)}</td>
                <td class="num">{w(r.base)}</td>
                <td class="num">{w(r.licences)}</td>
                <td class="num">{w(r.features)}</td>
                <td class="num">{w(r.deskPhones)}</td>
                <td class="num"><strong>{w(r.total)}</strong></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th colspan={7}>{o("charges.byType", { type: o("type.contact-center") })}</th><td class="num">{w(props.byType["contact-center"])}</td></tr>
            <tr><th colspan={7}>{o("charges.byType", { type: o("type.tickets") })}</th><td class="num">{w(props.byType.tickets)}</td></tr>
            <tr><th colspan={7}>{o("charges.total")}</th><td class="num" id="charges-total"><strong>{w(props.total)}</strong></td></tr>
          </tfoot>
        </table>
      </div>
      <section class="card">
        <h2>{o("charges.prices")}</h2>
        <form method="post" action="/admin/org/charges/prices" class="grid" id="prices">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={props.errors} fields={[]} />
          {props.prices.map(([item, amount]) => (
            <label>
              {priceLabel(o, item)}
              <input type="number" name={item} value={String(amount)} min={0} step={1} aria-invalid={props.errors?.[item] ? "true" : undefined} />
              {props.errors?.[item] && <span class="error" role="alert">{o("err.range")}</span>}
            </label>
          ))}
          <div>
            <button type="submit">{o("save")}</button>
          </div>
        </form>
      </section>
    </OrgLayout>
  );
}
