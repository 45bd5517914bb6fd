/** The command line's help text. */
export const USAGE = `usage: contact-center [command]

  (no command)          run the appliance (settings from CC_* environment variables or CC_CONFIG_FILE)
  --print-config        show the effective settings (secrets masked) and exit
  bans list             list banned SIP source addresses
  bans lift <address>   lift the ban on an address
  access list           list the admin address ranges of every service (G10)
  access clear <id>     remove a service's admin address ranges (undo a lock-out)
  --help                this text
`;
