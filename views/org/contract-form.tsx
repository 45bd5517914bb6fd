import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgFormError, OrgField, OrgFieldError, OrgNotice, type OrgErrors } from "./org-fields.tsx";
import { orgText, won, type OrgKey } from "./text.ts";

/** The itemised monthly estimate of a contract. */
export interface CostView {
  base: number;
  licences: number;
  features: number;
  deskPhones: number;
  total: number;
}

export interface ContractFormProps {
  frame: OrgFrame;
  serviceId: string;
  serviceName: string;
  /** Every feature the contract may switch on. */
  features: readonly string[];
  values: { features: string[]; licences: string | number };
  cost: CostView;
  /** True once the contract is registered (this is an edit, allowed once a day). */
  editing: boolean;
  errors?: OrgErrors;
  notice?: string;
}

/** The estimated cost, refreshed by htmx as the form changes. */
export function CostEstimate(props: { frame: OrgFrame; cost: CostView }) {
  const o = orgText(props.frame.lang);
  const w = (n: number) => won(o, props.frame.lang, n);
  const c = props.cost;
  return (
    <dl class="pairs" id="cost" aria-live="polite">
      <dt>{o("svc.costBase")}</dt><dd>{w(c.base)}</dd>
      <dt>{o("svc.costLicences")}</dt><dd>{w(c.licences)}</dd>
      <dt>{o("svc.costFeatures")}</dt><dd>{w(c.features)}</dd>
      <dt>{o("svc.costPhones")}</dt><dd>{w(c.deskPhones)}</dd>
      <dt><strong>{o("svc.cost")}</strong></dt><dd><strong id="cost-total">{w(c.total)}</strong></dd>
    </dl>
  );
}

/** Step 2 of adding a service, or editing its contract: feature toggles, licences and the estimate (O1). */
export function ContractFormPage(props: ContractFormProps) {
  const { frame, values: v, errors } = props;
  const o = orgText(frame.lang);
  const base = `/admin/org/services/${props.serviceId}/contract`;
  return (
    <OrgLayout frame={frame} area="services" title={`${props.editing ? o("svc.editContract") : o("svc.step2")} · ${props.serviceName} (${props.serviceId})`}>
      {props.notice && <OrgNotice>{props.notice}</OrgNotice>}
      <p class="muted">{o("svc.contractOnce")}</p>
      <section class="card">
        <form method="post" action={base} class="grid" id="contract-form" hx-post={`${base}/estimate`} hx-trigger="change" hx-target="#cost" hx-swap="outerHTML">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={errors} fields={["features", "licences"]} />
          <fieldset>
            <legend>{o("svc.features")}</legend>
            {props.features.map((f) => (
              <label>
                <input type="checkbox" name="features" value={f} checked={v.features.includes(f)} /> {o(`feature.${f}` as OrgKey)}
              </label>
            ))}
            <OrgFieldError o={o} errors={errors} name="features" />
          </fieldset>
          <OrgField o={o} label={o("svc.licences")} name="licences" value={v.licences} errors={errors} type="number" required />
          <CostEstimate frame={frame} cost={props.cost} />
          <div>
            <button type="submit">{props.editing ? o("save") : o("svc.contract")}</button>{" "}
            <a href="/admin/org/services">{o("cancel")}</a>
          </div>
        </form>
      </section>
    </OrgLayout>
  );
}
