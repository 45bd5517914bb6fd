/** What a provisioning file carries (G2). */
export interface ProvisioningValues {
  mac: string;
  extension: string;
  displayName: string;
  sipPassword: string;
  server: string;
  port: number;
}

const xml = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]!);
const line = (s: string) => s.replace(/[\r\n]/g, " ");

/** Yealink auto-provisioning `<mac>.cfg` (key = value, account 1 over UDP). */
export function yealinkConfig(v: ProvisioningValues): string {
  return [
    "#!version:1.0.0.1",
    "account.1.enable = 1",
    `account.1.label = ${v.extension}`,
    `account.1.display_name = ${line(v.displayName)}`,
    `account.1.auth_name = ${v.extension}`,
    `account.1.user_name = ${v.extension}`,
    `account.1.password = ${v.sipPassword}`,
    `account.1.sip_server.1.address = ${v.server}`,
    `account.1.sip_server.1.port = ${v.port}`,
    "account.1.sip_server.1.transport_type = 0",
    "",
  ].join("\n");
}

/** Grandstream `cfg<mac>.xml` (P-values: 271 active, 47 server, 35 user, 36 auth id, 34 password, 3 name). */
export function grandstreamConfig(v: ProvisioningValues): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<gs_provision version="1">
  <mac>${v.mac}</mac>
  <config version="1">
    <P271>1</P271>
    <P270>${xml(v.extension)}</P270>
    <P47>${xml(v.server)}:${v.port}</P47>
    <P35>${xml(v.extension)}</P35>
    <P36>${xml(v.extension)}</P36>
    <P34>${xml(v.sipPassword)}</P34>
    <P3>${xml(v.displayName)}</P3>
  </config>
</gs_provision>
`;
}

/** Polycom master configuration `<mac>.cfg`: points at `<mac>-sip.cfg`. */
export function polycomMaster(v: ProvisioningValues): string {
  return `<?xml version="1.0" standalone="yes"?>
<APPLICATION APP_FILE_PATH="" CONFIG_FILES="${v.mac}-sip.cfg" MISC_FILES="" LOG_FILE_DIRECTORY="" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY="" LICENSE_DIRECTORY="" />
`;
}

/** Polycom `<mac>-sip.cfg`: line 1 registration. */
export function polycomSip(v: ProvisioningValues): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<polycomConfig>
  <reg reg.1.address="${xml(v.extension)}" reg.1.label="${xml(v.extension)}" reg.1.displayName="${xml(v.displayName)}"
    reg.1.auth.userId="${xml(v.extension)}" reg.1.auth.password="${xml(v.sipPassword)}"
    reg.1.server.1.address="${xml(v.server)}" reg.1.server.1.port="${v.port}" reg.1.server.1.transport="UDPOnly" />
</polycomConfig>
`;
}
