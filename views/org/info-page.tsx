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
        <OrgPostButton action="/admin/org/info/api-key" token={frame.user.csrfToken} label={o("info.regenerate")} kind="danger" />
      </section>
    </OrgLayout>
  );
}
