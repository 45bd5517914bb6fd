import { raw } from "hono/html";
import type { Lang } from "../messages.ts";
import { setupText } from "./setup-text.ts";

/** Everything a phone needs to register (issue 9, G2, G5), built by src/web/admin/phone-setup.ts. */
export interface PhoneSetupInfo {
  loginId?: string;
  name?: string;
  /** The SIP server address phones use (CC_EXTERNAL_ADDRESS, else the host the admin reached). */
  server: string;
  realm: string;
  /** One line per transport the appliance listens on: UDP, TCP, TLS, WS, WSS. */
  transports: { name: string; port: number; uri: string }[];
  /** The SIP user name and digest user: the extension. */
  user: string;
  /** Only right after it was made (add or reset); never stored in the page otherwise. */
  password?: string;
  /** The agent app's sign-in, filled in, for a browser softphone. */
  consoleUrl?: string;
  /** A desk phone's configuration file address. */
  provisioningUrl?: string;
  /** QR code (SVG) of the console or provisioning address. */
  qrSvg?: string;
}

/**
 * The phone settings card: server, port per transport, realm, user name, the password once, the
 * agent app or provisioning address and its QR code. Every value carries `data-setup` so a test
 * can configure a phone from exactly what the page shows. Printable (see `.phone-setup` in print CSS).
 */
export function PhoneSetup(props: { lang: Lang; info: PhoneSetupInfo; sheet?: boolean; sheetUrl?: string }) {
  const s = setupText(props.lang);
  const x = props.info;
  return (
    <section class="card phone-setup" id="phone-setup" data-testid="phone-setup">
      <h2>{x.name && x.loginId ? s("phone.sheet", { name: x.name, loginId: x.loginId }) : s("phone.title")}</h2>
      <p class="muted">{s("phone.intro")}</p>
      <div class="setup-grid">
        <dl class="pairs">
          <dt>{s("phone.server")}</dt>
          <dd class="mono" data-setup="server">{x.server}</dd>
          <dt>{s("phone.transports")}</dt>
          <dd>
            <ul class="plain">
              {x.transports.map((t) => (
                <li>
                  <strong>{t.name}</strong> <span class="mono" data-setup={`port-${t.name.toLowerCase()}`}>{t.port}</span>{" "}
                  <span class="mono muted">{t.uri}</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{s("phone.realm")}</dt>
          <dd class="mono" data-setup="realm">{x.realm}</dd>
          <dt>{s("phone.user")}</dt>
          <dd class="mono" data-setup="user">{x.user}</dd>
          <dt>{s("phone.authUser")}</dt>
          <dd class="mono" data-setup="auth-user">{x.user}</dd>
          <dt>{s("phone.password")}</dt>
          <dd>
            {x.password ? (
              <>
                <code class="once" data-setup="password">{x.password}</code> <small class="muted">{s("phone.passwordOnce")}</small>
              </>
            ) : props.sheet ? (
              <span class="blank">{s("phone.passwordBlank")}</span>
            ) : (
              <small class="muted">{s("phone.passwordHidden")}</small>
            )}
          </dd>
          {x.consoleUrl && (
            <>
              <dt>{s("phone.console")}</dt>
              <dd class="mono" data-setup="console-url">{x.consoleUrl}</dd>
            </>
          )}
          {x.provisioningUrl && (
            <>
              <dt>{s("phone.provisioning")}</dt>
              <dd class="mono" data-setup="provisioning-url">{x.provisioningUrl}</dd>
            </>
          )}
        </dl>
        {x.qrSvg && (
          <figure class="qr-box">
            {raw(x.qrSvg)}
            <figcaption class="muted">{x.provisioningUrl ? s("phone.provQr") : s("phone.qr")}</figcaption>
          </figure>
        )}
      </div>
      {props.sheetUrl && (
        <p class="no-print">
          <a class="button secondary" href={props.sheetUrl} target="_blank" rel="noopener">{s("phone.print")}</a>
        </p>
      )}
    </section>
  );
}
