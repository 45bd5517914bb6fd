import { OrgLayout, type OrgFrame } from "./org-layout.tsx";
import { OrgCsrf, OrgNotice } from "./org-fields.tsx";
import { tlsText, type TlsKey } from "./tls-text.ts";

export interface TlsPageProps {
  frame: OrgFrame;
  current?: { ok: true; info: { subject: string; issuer: string; names: string[]; validTo: number; fingerprint256: string; selfSigned: boolean; expired: boolean } } | { ok: false; error: string };
  errors?: Record<string, string>;
  installed?: boolean;
}

/** The TLS certificate (issue 11): the one in use, and an upload checked before it is saved. */
export function TlsPage(props: TlsPageProps) {
  const t = tlsText(props.frame.lang);
  const c = props.current;
  const err = (field: string) => {
    const key = props.errors?.[field];
    if (!key) return null;
    const k = `err.${key}` as TlsKey;
    return <span class="error" role="alert" id={`${field}-error`}>{t(k) ?? key}</span>;
  };
  return (
    <OrgLayout frame={props.frame} area="tls">
      {props.installed && <OrgNotice><span id="tls-installed">{t("installed")}</span></OrgNotice>}
      <p class="muted">{t("hint")}</p>
      <section class="card" id="tls-current">
        <h2>{t("current")}</h2>
        {!c && <p>{t("none")}</p>}
        {c && !c.ok && <p class="error">{t("unreadable", { error: c.error })}</p>}
        {c && c.ok && (
          <dl>
            <dt>{t("subject")}</dt><dd class="mono">{c.info.subject}</dd>
            <dt>{t("issuer")}</dt><dd class="mono">{c.info.issuer}</dd>
            <dt>{t("names")}</dt><dd class="mono">{c.info.names.join(", ") || "—"}</dd>
            <dt>{t("validTo")}</dt><dd>{new Date(c.info.validTo).toISOString().slice(0, 10)}</dd>
            <dt>{t("fingerprint")}</dt><dd class="mono">{c.info.fingerprint256}</dd>
          </dl>
        )}
        {c && c.ok && c.info.expired && <p class="error">{t("expired")}</p>}
        {c && c.ok && !c.info.expired && c.info.selfSigned && <p class="muted">{t("selfSigned")}</p>}
      </section>
      <section class="card">
        <h2>{t("upload")}</h2>
        <form method="post" action="/admin/org/tls" enctype="multipart/form-data" class="grid" id="tls-form">
          <OrgCsrf token={props.frame.user.csrfToken} />
          <label>
            {t("cert")}
            <input type="file" name="cert" accept=".pem,.crt,.cer" required />
            {err("cert")}
          </label>
          <label>
            {t("key")}
            <input type="file" name="key" accept=".pem,.key" required />
            {err("key")}
          </label>
          <div><button type="submit">{t("install")}</button></div>
        </form>
      </section>
    </OrgLayout>
  );
}
