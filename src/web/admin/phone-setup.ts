import type { Context } from "hono";
import type { PhoneSetupInfo } from "../../../views/index.ts";
import { isHttps } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import { sipServerFor } from "../provision/provision-app.ts";
import { qrSvg } from "./qr-svg.ts";

const bracket = (host: string) => (host.includes(":") ? `[${host}]` : host);

/**
 * The web address phones and browsers away from the admin's desk should use: the request's own
 * origin when it came over HTTPS, else the HTTPS port when there is one (softphones need HTTPS away
 * from localhost, X2), else the request's origin.
 */
export function webBase(c: Context, deps: WebDeps): string {
  const url = new URL(c.req.url);
  if (isHttps(c, deps.config.trustedProxies)) return url.origin.replace(/^http:/, "https:");
  if (deps.config.httpsPort > 0) return `https://${bracket(sipServerFor(deps, c.req.url))}:${deps.config.httpsPort}`;
  return url.origin;
}

/** The SIP transports the appliance listens on, with the URI a phone would use for each (T2). */
export function transportsOf(deps: WebDeps, server: string): PhoneSetupInfo["transports"] {
  const { sipPort, sipTlsPort, httpPort, httpsPort } = deps.config;
  const host = bracket(server);
  return [
    { name: "UDP", port: sipPort, uri: `sip:${host}:${sipPort};transport=udp` },
    { name: "TCP", port: sipPort, uri: `sip:${host}:${sipPort};transport=tcp` },
    ...(sipTlsPort > 0 ? [{ name: "TLS", port: sipTlsPort, uri: `sips:${host}:${sipTlsPort};transport=tls` }] : []),
    { name: "WS", port: httpPort, uri: `ws://${host}:${httpPort}/ws` },
    ...(httpsPort > 0 ? [{ name: "WSS", port: httpsPort, uri: `wss://${host}:${httpsPort}/ws` }] : []),
  ];
}

/**
 * Everything an agent's phone needs (issue 9, G5): server, ports, realm, the extension as user,
 * the password when it was just made, and the agent app's sign-in with a QR code of it.
 */
export function agentPhoneSetup(
  c: Context,
  deps: WebDeps,
  agent: { serviceId: string; loginId: string; name: string; extension: string },
  password?: string,
): PhoneSetupInfo {
  const server = sipServerFor(deps, c.req.url);
  const consoleUrl = `${webBase(c, deps)}/agent/login?serviceId=${encodeURIComponent(agent.serviceId)}&loginId=${encodeURIComponent(agent.loginId)}`;
  return {
    loginId: agent.loginId,
    name: agent.name,
    server,
    realm: deps.config.sipRealm,
    transports: transportsOf(deps, server),
    user: agent.extension,
    password,
    consoleUrl,
    qrSvg: qrSvg(consoleUrl, consoleUrl),
  };
}

/** What a desk phone needs (G2): the same SIP values and its configuration file's address with a QR code. */
export function deskPhoneSetup(c: Context, deps: WebDeps, extension: string, password: string, file: string | undefined): PhoneSetupInfo {
  const server = sipServerFor(deps, c.req.url);
  // The address the admin reached (as before): many desk phones refuse the first-run self-signed certificate.
  const provisioningUrl = file ? `${new URL(c.req.url).origin}/provision/${file}` : undefined;
  return {
    server,
    realm: deps.config.sipRealm,
    transports: transportsOf(deps, server),
    user: extension,
    password,
    provisioningUrl,
    qrSvg: provisioningUrl ? qrSvg(provisioningUrl, provisioningUrl) : undefined,
  };
}
