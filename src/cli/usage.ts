/** The command line's help text. */
export const USAGE = `usage: contact-center [command]

  (no command)          run the appliance (settings from CC_* environment variables or CC_CONFIG_FILE)
  --print-config        show the effective settings (secrets masked) and exit
  bans list             list banned SIP source addresses
  bans lift <address>   lift the ban on an address
  access list           list the admin address ranges of every service (G10)
  access clear <id>     remove a service's admin address ranges (undo a lock-out)
  trace start <number|extension> [--minutes N]
                        capture that number's SIP messages for N minutes (default 10, at most 60)
                        into <data dir>/traces/<id>.pcap; the running appliance starts it (X6)
  trace list            list SIP traces, trace stop <id> ends one
  api-key add <name>    make a named API key (printed once); api-key list, api-key revoke <name>
  self-check reconcile [--service ID] [--day YYYY-MM-DD]
                        the running appliance compares the day's dashboard, statistics, CSV and call history
                        (default yesterday); exit 0 when they agree, 1 with each difference (CC_API_KEY=<key>)
  self-check canary [--service ID]
                        the running appliance walks each service number's path now; exit 1 names the failing
                        number and step (CC_API_KEY=<key>)
  self-check reconcile|canary --latest [--service ID]
                        print the latest stored result (kept across a restart) without running a new check
  backup FILE           write a backup of the data directory to FILE (a tar archive), also while the
                        appliance runs: database snapshot, recordings, prompts, certificate, manifest (X5)
  restore FILE [--replace]
                        restore a backup into CC_DATA_DIR: empty, or stopped with --replace (its data is
                        set aside in replaced-<time>/); every checksum verified first, nothing changed on error
  check                 check the database (integrity, foreign keys) and every recording's WAV header;
                        exit 0 when intact (partial recordings are repaired by the next start), 1 otherwise
  --help                this text
`;
