import { Hono } from "hono";
import { PROVISIONING_REALM, type DeskPhone } from "../../store/index.ts";
import type { WebDeps } from "../deps.ts";
import { DigestAuth } from "./digest.ts";
import { grandstreamConfig, polycomMaster, polycomSip, yealinkConfig, type ProvisioningValues } from "./files.ts";

/** The file names phones ask for, by model (each vendor's documented default name). */
const FILES: { re: RegExp; model: DeskPhone["model"]; render: (v: ProvisioningValues) => string; type: string }[] = [
  { re: /^([0-9a-f]{12})\.cfg$/, model: "yealink", render: yealinkConfig, type: "text/plain" },
  { re: /^cfg([0-9a-f]{12})\.xml$/, model: "grandstream", render: grandstreamConfig, type: "application/xml" },
  { re: /^([0-9a-f]{12})\.cfg$/, model: "polycom", render: polycomMaster, type: "application/xml" },
  { re: /^([0-9a-f]{12})-sip\.cfg$/, model: "polycom", render: polycomSip, type: "application/xml" },
];

/** The SIP server address a phone should use: CC_EXTERNAL_ADDRESS, else the host it fetched from. */
export function sipServerFor(deps: WebDeps, url: string): string {
  return deps.config.externalAddress ?? new URL(url).hostname.replace(/^\[|\]$/g, "");
}

/**
 * Desk phone provisioning files by MAC (G2) under /provision: Yealink `<mac>.cfg`, Grandstream
 * `cfg<mac>.xml`, Polycom `<mac>.cfg` + `<mac>-sip.cfg`; behind HTTP digest auth (RFC 7616) with
 * the extension as user and the phone's provisioning password.
 */
export function provisionApp(deps: WebDeps): Hono {
  const app = new Hono();
  const auth = new DigestAuth(PROVISIONING_REALM, deps.now ?? Date.now);
  const log = deps.logger.child("web.provision");

  app.get("/:file", (c) => {
    const name = (c.req.param("file") ?? "").toLowerCase();
    const mac = /([0-9a-f]{12})/.exec(name)?.[1];
    const phone = mac ? deps.repos.deskPhones.findByMac(mac) : undefined;
    const file = phone && FILES.find((f) => f.model === phone.model && f.re.test(name));
    const who = auth.verify(c.req.header("Authorization"), "GET", (user, alg) =>
      phone && file && user === phone.extension ? deps.repos.deskPhones.provisioningHa1(phone.mac, alg === "MD5" ? "md5" : "sha256") : undefined,
    );
    if (!who || who === "stale" || !phone || !file) {
      for (const ch of auth.challenges(who === "stale")) c.header("WWW-Authenticate", ch, { append: true });
      if (c.req.header("Authorization")) log.warn({ file: name }, "provisioning auth failed");
      return c.text("Unauthorized", 401);
    }
    const agent = phone.agentLogin ? deps.repos.agents.get(phone.serviceId, phone.agentLogin) : undefined;
    const body = file.render({
      mac: phone.mac,
      extension: phone.extension,
      displayName: agent?.name ?? phone.extension,
      sipPassword: phone.sipPassword,
      server: sipServerFor(deps, c.req.url),
      port: deps.config.sipPort,
    });
    log.info({ mac: phone.mac, file: name }, "provisioning file served");
    c.header("Cache-Control", "no-store");
    return c.body(body, 200, { "Content-Type": `${file.type}; charset=utf-8` });
  });
  return app;
}
