/**
 * Composition root: config → store → SIP → web → listen. The only file that prints to
 * the console and the only one that knows every layer.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, formatConfig, loadConfig, type Config } from "./config.ts";
import { BackgroundThreads, createLogger, createMetrics, smtpMailer, startupCertificate, sipCounting, systemClock } from "./lib/index.ts";
import { lockDataDir, openStore } from "./store/index.ts";
import { SipServer, WsTransport, withAlternateSecrets, type SipWsData } from "./sip/index.ts";
import { Administration, SYSTEM, WebhookDispatcher, recordAgentStates, attachCenterMetrics, ContactCenter, RecordingsUsage, createNumberPlan, isOutsideNumber, lineToken, firstRun, formatInitialCredentials, CREDENTIALS_FILE } from "./cc/index.ts";
import { CallRecorder, PortAllocator, PromptLibrary, createPromptStudio, repairRecordings, wavToMp3 } from "./media/index.ts";
import { Switchboard, TrunkRegistrations, drainCalls, mediaMetricsSampler } from "./telephony/index.ts";
import { defaultPromptFiles } from "../public/index.ts";
import { Canary, Reconciler, canaryFailed } from "./cc/index.ts";
import { probePrompt } from "./media/index.ts";
import { statisticsCsvTotals } from "./web/index.ts";
import { createApp, softphoneSecretsFor } from "./web/index.ts";
import { runAccessCommand, runApiKeyCommand, runBansCommand, USAGE } from "./cli/index.ts";
import { runTraceCommand } from "./cli/index.ts";
import { runSelfCheckCommand } from "./cli/index.ts";
import { runBackupCommand, runCheckCommand, runRestoreCommand, BackupScheduler, S3Target, backupInChild } from "./cli/index.ts";
import { packageVersion } from "./lib/index.ts" with { type: "macro" };

async function run(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  // Issue 12: JIT compiles and the allocator's scavenger yield to SIP and media on a busy core.
  new BackgroundThreads(config.backgroundNice).start();
  // X5: one appliance per data directory; `restore` refuses a directory whose lock is held.
  mkdirSync(config.dataDir, { recursive: true });
  const dataDirLock = lockDataDir(config.dataDir);
  const store = openStore(config.dataDir, config.sipRealm, log.child("store"));
  const repos = store.repos;
  const credentials = await firstRun(repos, {
    dataDir: config.dataDir,
    realm: config.sipRealm,
    adminPassword: config.adminPassword,
    apiKey: config.apiKey,
    logger: log.child("org"),
  });
  if (credentials) console.log(formatInitialCredentials(credentials, join(config.dataDir, CREDENTIALS_FILE)));
  // Issue 12 (S1): a statistics rollup missing after an upgrade is built in the background now, not by the first page.
  for (const s of repos.services.list()) repos.calls.warmRollup(s.serviceId);

  const tls = config.httpsPort > 0 || config.sipTlsPort > 0 ? await startupCertificate(config.dataDir, log) : undefined;
  const admin = new Administration({ repos, clock: systemClock, log });
  const numbers = createNumberPlan(repos, { logger: log.child("numbers") });
  await numbers.refresh();
  numbers.startPeriodicRefresh();

  const metrics = createMetrics();
  const sip = new SipServer({
    routing: {
      isApplianceNumber: (user) => numbers.isApplianceNumber(user),
      isTrustedPeer: (address, port) => numbers.isTrustedPeer(address, port),
      isExternalNumber: isOutsideNumber,
      trunkForLine: (line) => numbers.trunkForLine(line),
      matchNumber: (dialled, list) => numbers.matchNumber(dialled, list),
    },
    bindAddress: config.bindAddress,
    externalAddress: config.externalAddress,
    port: config.sipPort,
    tls: tls && config.sipTlsPort > 0 ? { port: config.sipTlsPort, cert: tls.cert, key: tls.key } : undefined,
    realm: config.sipRealm,
    registrar: config.registrar,
    security: config.security,
    nonceSeconds: config.nonceSeconds,
    digestAlgorithms: config.digestAlgorithms,
    // Issue 8: a live console session's softphone secret is good for its agent's extension too.
    credentials: withAlternateSecrets(repos.credentials, config.sipRealm, softphoneSecretsFor(repos)),
    locations: repos.bindings,
    bans: repos.bans,
    // Issue 12: what SIP messages write in one loop turn is committed once (group commit).
    beginTurn: () => store.turn.enter(),
    clock: systemClock,
    log: log.child("sip"),
    observer: sipCounting(metrics),
  });
  await sip.start();
  admin.tls.attach(join(config.dataDir, "tls"));
  admin.network.attach({
    bindAddress: config.bindAddress, externalAddress: config.externalAddress, sipPort: sip.port, sipTlsPort: config.sipTlsPort,
    httpPort: config.httpPort, httpsPort: config.httpsPort, rtp: config.rtpPorts, advertisedFor: (a) => sip.localAddressFor(a),
  });
  // X6: SIP traces asked for from the pages or the command line, polled from the database.
  const traces = admin.traces.run(sip.tracer, config.dataDir);

  // M5: recordings cut short by a crash get their WAV headers repaired before anything else.
  const recordingsDir = join(config.dataDir, "recordings");
  for (const path of repairRecordings(recordingsDir)) log.warn({ path }, "repaired a recording left open by a crash");
  const prompts = new PromptLibrary({ dataDir: config.dataDir, defaults: defaultPromptFiles, logger: log });
  const telephony = new Switchboard({
    sip,
    allocator: new PortAllocator(config.rtpPorts.min, config.rtpPorts.max),
    bindAddress: config.bindAddress,
    prompts: (ref, loop) => prompts.source(ref, { loop }),
    mediaTimeoutMs: config.rtpTimeoutSeconds * 1000,
    mediaWorkers: config.mediaWorkers,
    clock: systemClock,
    log: log.child("telephony"),
  });
  await telephony.start();
  const trunkRegistrations = new TrunkRegistrations(
    sip,
    () =>
      repos.trunks
        .list()
        .filter((t) => t.mode === "register")
        .map((t) => ({
          trunkId: t.trunkId, host: t.host, port: t.port, transport: t.transport, username: t.username, password: t.password, line: lineToken(t),
          ...(t.outboundProxy ? { outboundProxy: t.outboundProxy } : {}),
        })),
    log.child("trunks"),
    () => repos.trunks.list().map((t) => ({ trunkId: t.trunkId, host: t.host, port: t.port, transport: t.transport })),
  );
  trunkRegistrations.sync();
  const studio = createPromptStudio(prompts);
  // Recordings governance (issue 11): a disk budget (CC_RECORDINGS_BUDGET), a daily retention pass,
  // and call records noted when the disk refuses a recording (the call goes on unrecorded).
  const recordingsUsage = new RecordingsUsage(recordingsDir, systemClock, log.child("recordings"));
  admin.recordings.attachBudget({ budgetBytes: config.recordingsBudgetBytes, used: () => recordingsUsage.bytes });
  // Deferred: a recording that cannot be opened fails before its path is on the call record.
  CallRecorder.onWriteFailed.subscribe((path) => void setTimeout(() => admin.recordings.writeFailed(path), 0));
  const retentionPass = () => {
    try {
      for (const r of admin.recordings.applyRetention(SYSTEM)) log.info(r, "old recordings removed by the service's retention");
    } catch (e) {
      log.error({ err: String(e) }, "recording retention pass failed");
    }
  };
  setTimeout(retentionPass, 60_000).unref();
  setInterval(retentionPass, 86_400_000).unref();
  const cc = new ContactCenter({
    telephony,
    repos,
    clock: systemClock,
    log,
    recordingsDir,
    mayRecord: (callId) => admin.recordings.mayRecord(callId),
    routeNumber: (n) => numbers.serviceForNumber(n),
  });
  admin.attachLiveAgents(cc);
  // X5: the daily backup (CC_BACKUP_HOUR) and "back up now" in the pages, kept to CC_BACKUP_KEEP, copied to CC_S3_*.
  const backups = new BackupScheduler({
    dataDir: config.dataDir, hour: config.backups.hour, keep: config.backups.keep, s3: config.s3 && new S3Target(config.s3),
    clock: systemClock, log: log.child("backups"), write: (file) => backupInChild(config.dataDir, file),
  });
  admin.backups.attachRunner(backups);
  backups.start(() => void admin.backups.run(SYSTEM).catch((e: unknown) => log.error({ err: String(e) }, "scheduled backup")));
  // X3: call, callback and agent-state events go to webhooks from a queue, never in a call's path.
  const webhooks = new WebhookDispatcher({
    repos, clock: systemClock, log: log.child("webhooks"),
    options: { backoffMs: config.webhooks.retryMs, maxAttempts: config.webhooks.tries, timeoutMs: config.webhooks.timeoutMs },
  });
  webhooks.attach(cc);
  webhooks.start();
  // Issue 17 point 4: the nightly reconcile check of yesterday (dashboard, statistics, CSV, call history), on /metrics.
  const reconciler = new Reconciler({ cc, repos, clock: systemClock, log: log.child("reconcile"), csv: (id, from, to) => statisticsCsvTotals({ repos, cc }, id, from, to) });
  reconciler.onReport.subscribe((r) => metrics.reconcileDifferences.set({ service: r.serviceId }, r.differences.length));
  // The latest reports and canary calls are stored: /metrics shows them again from the first scrape after a restart.
  for (const r of reconciler.latestAll()) metrics.reconcileDifferences.set({ service: r.serviceId }, r.differences.length);
  reconciler.start();
  // Issue 17 point 5: the canary call walks every service number every CC_CANARY_MINUTES and after each save of its path;
  // prompts are heard through real RTP on 127.0.0.1. A failure is a metric, a log line and the canary.failed webhook.
  const canary = new Canary({
    repos, clock: systemClock, log: log.child("canary"), flow: (id) => cc.flow(id), minutes: config.canaryMinutes, startupMs: config.canaryStartupSeconds * 1000,
    ear: (ref) => probePrompt({ dataDir: config.dataDir, defaults: defaultPromptFiles, ref }),
    numbers: (id) => [
      ...repos.services.list().filter((s) => s.serviceId === id).map((s) => s.number),
      ...repos.trunks.list().flatMap((t) => t.numbers).filter((n) => n.serviceId === id).map((n) => n.number),
    ],
  });
  canary.onResult.subscribe((r) => {
    metrics.canaryOk.set({ service: r.serviceId }, r.ok ? 1 : 0);
    if (!r.failure) return;
    metrics.canaryFailures.inc({ service: r.serviceId, step: r.failure.step });
    webhooks.publish(canaryFailed(r));
  });
  for (const r of canary.latestAll()) metrics.canaryOk.set({ service: r.serviceId }, r.ok ? 1 : 0);
  admin.changes.onChange.subscribe((change) => canary.changed(change));
  canary.start(); // the first walk shortly after start (STARTUP_CANARY_MS), not in its way
  recordAgentStates(cc.agents, repos, log.child("agents")); // O5 CTI log, O7 My performance
  // O4: invitations are mailed when CC_SMTP_URL is set; otherwise the link is shown once on the page.
  if (config.smtpUrl) admin.setHooks({ mailer: smtpMailer({ url: config.smtpUrl, from: config.mailFrom ?? "contact-center@localhost" }) });
  admin.setHooks({
    bans: { lift: (address) => sip.liftBan(address) },
    routingChanged: () => {
      void numbers.refresh();
      trunkRegistrations.sync();
    },
    prompts: studio,
  });
  sip.internalCalls.onEstablished.subscribe((call) => cc.internalCalls.started(call));
  sip.internalCalls.onEnded.subscribe((call, endedAt) => cc.internalCalls.ended(call, endedAt));
  // Before crash recovery, so calls it closes as interrupted are counted too.
  const centerMetrics = attachCenterMetrics(cc, metrics, {
    trunks: () => trunkRegistrations.states(),
    recordings: recordingsUsage,
    log: log.child("metrics"),
  });
  const interrupted = cc.recoverAfterCrash();
  if (interrupted > 0) log.warn({ calls: interrupted }, "closed calls left open by a crash as interrupted");
  // Issue 17: an agent is offered calls only while the device is there (OPTIONS qualify, registration, WebSocket);
  // one unreachable at the restart whose phone is registered again is back at once.
  // A desk phone's own qualify interval (its extension's; 0 = never probed) beats CC_QUALIFY_SECONDS; re-read after each phone change.
  let qualifyOwn = repos.deskPhones.qualifyIntervals();
  admin.changes.onChange.subscribe((change) => {
    if (change.target.startsWith("phones/")) qualifyOwn = repos.deskPhones.qualifyIntervals();
  });
  const presence = sip.trackDevices({
    intervalMs: config.qualifySeconds * 1000,
    intervalFor: (extension) => {
      const own = qualifyOwn.get(extension);
      return own === undefined ? undefined : own * 1000;
    },
  });
  presence.onChange.subscribe((extension, reachable, why) => void cc.agents.deviceChanged(extension, reachable, why));
  presence.start();
  for (const a of cc.agents.stored()) if (a.state === "unreachable" && presence.suspect(a.extension)) a.reachable("restart: device registered");
  // Gauges are sampled once a second: cheap, and never more than a second old. The RTP counters are
  // process-wide totals kept by the endpoints (a per-packet metric call would cost more than the packet).
  // Media workers' counters too, and a line per worker (issue 12).
  const sampleRtp = mediaMetricsSampler(metrics, () => telephony.mediaWorkerStats());
  const sampleGauges = () => {
    sampleRtp();
    const counts = sip.transactionCounts();
    metrics.registrations.set(sip.registrar.count);
    metrics.bans.set(sip.bans.size);
    metrics.sipTransactions.set({ kind: "client" }, counts.client);
    metrics.sipTransactions.set({ kind: "server" }, counts.server);
    centerMetrics.sample();
    const budget = admin.recordings.budget();
    metrics.recordingsBudgetBytes.set(budget.budgetBytes);
    metrics.recordingsOverBudget.set(budget.over ? 1 : 0);
  };
  sampleGauges();
  setInterval(sampleGauges, 1000).unref();

  let ready = false;
  const app = createApp({
    config,
    repos,
    admin,
    logger: log.child("web"),
    metrics: metrics.registry,
    registrations: () => sip.registrations(),
    bans: { list: () => sip.listBans() },
    trunkStates: () => trunkRegistrations.states(),
    ready: () => ready,
    cc,
    recordingsDir,
    wavToMp3,
    promptAudio: studio,
    selfChecks: { reconciler, canary },
  });
  // One handler for HTTP and HTTPS: pages and API through Hono, SIP over WebSocket on /ws (RFC 7118).
  const serve = (port: number, secure: boolean) =>
    Bun.serve<SipWsData>({
      hostname: config.bindAddress,
      port,
      idleTimeout: 60,
      maxRequestBodySize: 12 * 1024 * 1024, // above the web layer's own limits (MAX_BODY_BYTES), far below Bun's 128 MB
      ...(secure && tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
      fetch(request, server) {
        if (new URL(request.url).pathname === "/ws" && request.headers.get("upgrade")?.toLowerCase() === "websocket") {
          const ip = server.requestIP(request);
          const data = WsTransport.upgradeData(ip?.address ?? "0.0.0.0", ip?.port ?? 0, secure);
          if (server.upgrade(request, { data, headers: { "Sec-WebSocket-Protocol": "sip" } })) return undefined;
          return new Response("WebSocket upgrade failed", { status: 400 });
        }
        return app.fetch(request, { ip: server.requestIP(request) });
      },
      websocket: sip.ws.handler,
    });
  const web = serve(config.httpPort, false);
  const webs = config.httpsPort > 0 ? serve(config.httpsPort, true) : undefined;
  ready = true;
  log.info({ http: web.port, https: webs?.port, sip: sip.port }, "contact center ready");

  let stopping = false;
  let callsStopped = false;
  const stopCalls = () => {
    if (callsStopped) return;
    callsStopped = true;
    cc.close();
    telephony.close(); // every leg left ends with BYE, its record with cause "shutdown"
  };
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    ready = false;
    // X5: new calls get 503 with Retry-After; calls in progress go on up to CC_SHUTDOWN_DRAIN_SECONDS.
    const drained = await drainCalls(
      { refuseNewCalls: (s) => sip.refuseNewCalls(s), liveCalls: () => telephony.liveLegs(), endAll: stopCalls, pendingRequests: () => sip.transactionCounts().client },
      config.shutdown.drainSeconds, systemClock, log,
    );
    log.info({ legsAtStart: drained.atStart, legsEnded: drained.ended, waitedMs: drained.waitedMs }, "calls drained");
    numbers.stop();
    backups.stop();
    traces.stop();
    trunkRegistrations.stop();
    stopCalls();
    reconciler.stop();
    canary.stop();
    webhooks.stop();
    sip.stop();
    void web.stop(true);
    void webs?.stop(true);
    store.close();
    dataDirLock.release();
    process.exit(0);
  };
  // Fault injection for the tests only (issue 12): with CC_TEST_FAULTS=1, SIGUSR2 crashes the media workers carrying calls.
  if (process.env.CC_TEST_FAULTS === "1") process.on("SIGUSR2", () => void telephony.crashMediaWorkers());
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (argv.includes("--print-config")) {
    console.log(formatConfig(config));
    return 0;
  }
  const print = (line: string) => console.log(line);
  if (argv[0] === "bans" || argv[0] === "access") {
    const { repos } = openStore(config.dataDir, config.sipRealm);
    const admin = new Administration({ repos, clock: systemClock, log: createLogger("warn") });
    const command = argv[0] === "bans" ? runBansCommand : runAccessCommand;
    return command(argv.slice(1), repos, admin, print);
  }
  if (argv[0] === "api-key") {
    const { repos } = openStore(config.dataDir, config.sipRealm);
    return runApiKeyCommand(argv.slice(1), new Administration({ repos, clock: systemClock, log: createLogger("warn") }), print);
  }
  if (argv[0] === "trace") {
    const { repos } = openStore(config.dataDir, config.sipRealm);
    return runTraceCommand(argv.slice(1), new Administration({ repos, clock: systemClock, log: createLogger("warn") }), config.dataDir, print);
  }
  if (argv[0] === "self-check") {
    // Issue 17: the running appliance reconciles a day or places a canary call now, through its API (CC_API_KEY).
    const host = config.bindAddress === "0.0.0.0" || config.bindAddress === "::" ? "127.0.0.1" : config.bindAddress;
    const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${config.httpPort}`;
    return runSelfCheckCommand(argv.slice(1), { baseUrl, apiKey: process.env.CC_API_KEY, fetch: (url, init) => fetch(url, init), out: print });
  }
  if (argv[0] === "backup" || argv[0] === "restore" || argv[0] === "check") {
    const ctx = { dataDir: config.dataDir, realm: config.sipRealm, appVersion: packageVersion(), log: createLogger("warn") };
    const command = argv[0] === "backup" ? runBackupCommand : argv[0] === "restore" ? runRestoreCommand : runCheckCommand;
    return command(argv.slice(1), ctx, print);
  }
  if (argv.length > 0) {
    console.error(`unknown command: ${argv.join(" ")}\n${USAGE}`);
    return 2;
  }
  await run(config);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    console.error(`fatal: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
