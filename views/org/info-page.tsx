import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgField, OrgFormError, OrgNotice, OrgPostButton, type OrgErrors } from "./org-fields.tsx";
import { orgText } from "./text.ts";

export interface OrgInfoProps {
  frame: OrgFrame;
  values: { name: string; domain: string };
  /** The organization's fixed ID (from its creation). */
  orgId: string;
  url: string;
  errors?: OrgErrors;
  saved?: boolean;
  /** A just-regenerated key, shown this once. */
  newKey?: string;
  /** Named API keys (X3), each possibly limited to one service (X4). */
  keys: { name: string; serviceId?: string; createdAt: number }[];
  services: { serviceId: string; name: string }[];
  /** A just-made named key, shown this once. */
  newNamedKey?: { name: string; key: string };
  keyValues?: { name: string; serviceId: string };
  keyErrors?: OrgErrors;
}

/** Organization info (조직 정보, O3): name and domain, fixed ID, derived URL, the key masked with regenerate. */
export function OrgInfoPage(props: OrgInfoProps) {
  const { frame, values: v, errors } = props;
  const o = orgText(frame.lang);
  return (
    <OrgLayout frame={frame} area="info">
      {props.saved && <OrgNotice>{o("saved")}</OrgNotice>}
      {props.newKey && (
        <OrgNotice kind="secret">
          {o("info.newKey")} <code class="once" id="new-key">{props.newKey}</code>
        </OrgNotice>
      )}
      <section class="card">
        <form method="post" action="/admin/org/info" class="grid">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={errors} fields={["name", "domain"]} />
          <OrgField o={o} label={o("info.id")} name="orgId" value={props.orgId} readonly />
          <OrgField o={o} label={o("info.name")} name="name" value={v.name} errors={errors} required maxlength={100} />
          <OrgField o={o} label={o("info.domain")} name="domain" value={v.domain} errors={errors} required maxlength={253} />
          <div>
            <button type="submit">{o("save")}</button>
          </div>
        </form>
        <dl class="pairs">
          <dt>{o("info.url")}</dt>
          <dd><a href={props.url} id="org-url">{props.url}</a></dd>
          <dt>{o("info.key")}</dt>
          <dd>
            <span class="mono" id="key-masked">cc_••••••••••••</span> <span class="muted">{o("info.keyMasked")}</span>
          </dd>
        </dl>
        <p class="muted">{o("info.regenerateHint")}</p>
        <OrgPostButton action="/admin/org/info/api-key" token={frame.user.csrfToken} label={o("info.regenerate")} kind="danger" confirm={o("confirm.regenerate")} />
      </section>
      <section class="card" id="api-keys">
        <h2>{o("keys.title")}</h2>
        <p class="muted">{o("keys.hint")}</p>
        {props.newNamedKey && (
          <OrgNotice kind="secret">
            {o("keys.once", { name: props.newNamedKey.name })} <code class="once" id="named-key">{props.newNamedKey.key}</code>
          </OrgNotice>
        )}
        <ul>
          {props.keys.map((k) => (
            <li>
              <span class="mono">{k.name}</span> · {k.serviceId ? o("keys.only", { serviceId: k.serviceId }) : o("keys.all")}{" "}
              <OrgPostButton action={`/admin/org/info/keys/${encodeURIComponent(k.name)}/revoke`} token={frame.user.csrfToken} label={o("keys.revoke")} kind="danger" confirm={o("confirm.revokeKey", { name: k.name })} />
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/org/info/keys" class="grid">
          <OrgCsrf token={frame.user.csrfToken} />
          <OrgFormError o={o} errors={props.keyErrors} fields={["name", "serviceId"]} />
          <OrgField o={o} label={o("keys.name")} name="name" value={props.keyValues?.name ?? ""} errors={props.keyErrors} required maxlength={40} />
          <label>
            {o("keys.service")}
            <select name="serviceId">
              <option value="">{o("keys.all")}</option>
              {props.services.map((s) => <option value={s.serviceId} selected={s.serviceId === props.keyValues?.serviceId}>{s.name} ({s.serviceId})</option>)}
            </select>
          </label>
          <div>
            <button type="submit">{o("keys.add")}</button>
          </div>
        </form>
      </section>
    </OrgLayout>
  );
}
