import type { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../lib/index.ts";
import { openDatabase } from "./db.ts";
import { migrate } from "./migrate.ts";
import { TurnCommit } from "./turn-commit.ts";
import { AgentRepo } from "./agent-repo.ts";
import { AgentStatusRepo } from "./agent-status-repo.ts";
import { BanRepo } from "./ban-repo.ts";
import { BindingRepo } from "./binding-repo.ts";
import { inTransaction } from "./in-transaction.ts";
import { CallRepo } from "./call-repo.ts";
import { CallbackRepo } from "./callback-repo.ts";
import { CredentialRepo } from "./credential-repo.ts";
import { FlowRepo } from "./flow-repo.ts";
import { MemberRepo } from "./member-repo.ts";
import { OrganizationRepo } from "./organization-repo.ts";
import { QueueEventRepo } from "./queue-event-repo.ts";
import { QueueRepo } from "./queue-repo.ts";
import { ServiceRepo } from "./service-repo.ts";
import { SessionRepo } from "./session-repo.ts";
import { TrunkRepo } from "./trunk-repo.ts";
import { LoginHistoryRepo } from "./login-history-repo.ts";
import { AuditRepo } from "./audit-repo.ts";
import { ServiceTermsRepo } from "./service-terms-repo.ts";
import { ConsultationTypeRepo } from "./consultation-type-repo.ts";
import { WorkSettingsRepo } from "./work-settings-repo.ts";
import { AccessRepo } from "./access-repo.ts";
import { DeskPhoneRepo } from "./desk-phone-repo.ts";
import { PromptTextRepo } from "./prompt-text-repo.ts";
import { PermissionLogRepo } from "./permission-log-repo.ts";
import { TraceRepo } from "./trace-repo.ts";
import { AgentSessionRepo } from "./agent-session-repo.ts";
import { AgentConsoleRepo } from "./agent-console-repo.ts";
import { NoticeRepo } from "./notice-repo.ts";
import { ServiceContractRepo } from "./service-contract-repo.ts";
import { PriceRepo } from "./price-repo.ts";
import { InvitationRepo } from "./invitation-repo.ts";
import { CtiRepo } from "./cti-repo.ts";
import { TicketRepo } from "./ticket-repo.ts";
import { WebhookRepo } from "./webhook-repo.ts";
import { AgentStateLogRepo } from "./agent-state-log-repo.ts";
import { RecordingPathRepo } from "./recording-path-repo.ts";
import { RecordingGovernanceRepo } from "./recording-governance-repo.ts";
import { TrailRepo } from "./trail-repo.ts";
import { OutboundCapRepo } from "./outbound-cap-repo.ts";
import { SelfCheckRepo } from "./self-check-repo.ts";

export * from "./db.ts";
export * from "./turn-commit.ts";
export * from "./migrate.ts";
export * from "./organization-repo.ts";
export * from "./service-repo.ts";
export * from "./member-repo.ts";
export * from "./agent-repo.ts";
export * from "./credential-repo.ts";
export * from "./queue-repo.ts";
export * from "./binding-repo.ts";
export * from "./ban-repo.ts";
export * from "./session-repo.ts";
export * from "./flow-repo.ts";
export * from "./agent-status-repo.ts";
export * from "./call-repo.ts";
export * from "./queue-event-repo.ts";
export * from "./callback-repo.ts";
export * from "./trunk-repo.ts";
export * from "./login-history-repo.ts";
export * from "./audit-repo.ts";
export * from "./service-terms-repo.ts";
export * from "./consultation-type-repo.ts";
export * from "./work-settings-repo.ts";
export * from "./access-repo.ts";
export * from "./desk-phone-repo.ts";
export * from "./prompt-text-repo.ts";
export * from "./permission-log-repo.ts";
export * from "./trace-repo.ts";
export * from "./agent-session-repo.ts";
export * from "./agent-console-repo.ts";
export * from "./notice-repo.ts";
export * from "./service-contract-repo.ts";
export * from "./price-repo.ts";
export * from "./invitation-repo.ts";
export * from "./cti-repo.ts";
export * from "./ticket-repo.ts";
export * from "./webhook-repo.ts";
export * from "./agent-state-log-repo.ts";
export * from "./recording-path-repo.ts";
export * from "./recording-governance-repo.ts";
export * from "./trail-repo.ts";
export * from "./outbound-cap-repo.ts";
export * from "./self-check-repo.ts";
export * from "./maintenance.ts";
export * from "./data-dir-lock.ts";

/** Every repository over one database. */
export interface Repos {
  organization: OrganizationRepo;
  services: ServiceRepo;
  members: MemberRepo;
  agents: AgentRepo;
  credentials: CredentialRepo;
  queues: QueueRepo;
  bindings: BindingRepo;
  bans: BanRepo;
  sessions: SessionRepo;
  /** ARS flow per service (C1–C4). */
  flows: FlowRepo;
  /** Agents' live state and time in state (A2). */
  agentStatus: AgentStatusRepo;
  /** Call detail records and legs (C11). */
  calls: CallRepo;
  queueEvents: QueueEventRepo;
  callbacks: CallbackRepo;
  /** Carrier trunks and their DIDs (T7). */
  trunks: TrunkRepo;
  /** Login history (H4). */
  loginHistory: LoginHistoryRepo;
  /** Audit log (H5). */
  audit: AuditRepo;
  /** Period of use and licence changes (G1). */
  serviceTerms: ServiceTermsRepo;
  /** Consultation types (G7). */
  consultationTypes: ConsultationTypeRepo;
  /** Work management (G9). */
  workSettings: WorkSettingsRepo;
  /** Admin IP ranges (G10). */
  access: AccessRepo;
  /** Desk phones (G2). */
  deskPhones: DeskPhoneRepo;
  /** Prompt texts and uploads (G3, G4). */
  promptTexts: PromptTextRepo;
  /** Permission change log (O6). */
  permissionLog: PermissionLogRepo;
  /** SIP message traces on demand (X6). */
  traces: TraceRepo;
  /** Agent console sessions (A1). */
  agentSessions: AgentSessionRepo;
  /** Agent console passwords and settings (A1, A11). */
  agentConsole: AgentConsoleRepo;
  /** Notices to agents (A11). */
  notices: NoticeRepo;
  /** Contracts and banners of services, kept after termination (O1, O2). */
  contracts: ServiceContractRepo;
  /** The price table of the charges (O2). */
  prices: PriceRepo;
  /** Set-password links of invited members (O4). */
  invitations: InvitationRepo;
  /** CTI settings and the member ↔ CTI mapping (O5). */
  cti: CtiRepo;
  /** Tickets (O9). */
  tickets: TicketRepo;
  /** Webhooks and their delivery log (X3). */
  webhooks: WebhookRepo;
  /** Agent state changes (O5 CTI log, O7 My performance). */
  agentStateLog: AgentStateLogRepo;
  /** Call records' recording paths (X5 check and restore). */
  recordingPaths: RecordingPathRepo;
  /** Recordings governance: retention per service, notes on missing recordings (issue 11). */
  recordingGovernance: RecordingGovernanceRepo;
  /** Calls' decision trails (issue 17, routing explainer). */
  trail: TrailRepo;
  /** Outbound rules per service and the minutes counted against the caps (issue 16 point 6). */
  outboundCaps: OutboundCapRepo;
  /** The self-checks' latest results and a short history per service (issue 17 points 4, 5). */
  selfChecks: SelfCheckRepo;
  /** Run `fn` in one database transaction (all or nothing). */
  transaction<T>(fn: () => T): T;
}

/** Build all repositories over a migrated database; `realm` is the SIP digest realm for HA1s. */
export function createRepos(db: Database, realm: string): Repos {
  const credentials = new CredentialRepo(db);
  const credentialsChanged = () => credentials.invalidate();
  return {
    organization: new OrganizationRepo(db),
    services: new ServiceRepo(db, credentialsChanged),
    members: new MemberRepo(db),
    agents: new AgentRepo(db, realm, credentialsChanged),
    credentials,
    queues: new QueueRepo(db),
    bindings: new BindingRepo(db),
    bans: new BanRepo(db),
    sessions: new SessionRepo(db),
    flows: new FlowRepo(db),
    agentStatus: new AgentStatusRepo(db),
    calls: new CallRepo(db),
    queueEvents: new QueueEventRepo(db),
    callbacks: new CallbackRepo(db),
    trunks: new TrunkRepo(db),
    loginHistory: new LoginHistoryRepo(db),
    audit: new AuditRepo(db),
    serviceTerms: new ServiceTermsRepo(db),
    consultationTypes: new ConsultationTypeRepo(db),
    workSettings: new WorkSettingsRepo(db),
    access: new AccessRepo(db),
    deskPhones: new DeskPhoneRepo(db),
    promptTexts: new PromptTextRepo(db),
    permissionLog: new PermissionLogRepo(db),
    traces: new TraceRepo(db),
    agentSessions: new AgentSessionRepo(db),
    agentConsole: new AgentConsoleRepo(db),
    notices: new NoticeRepo(db),
    contracts: new ServiceContractRepo(db),
    prices: new PriceRepo(db),
    invitations: new InvitationRepo(db),
    cti: new CtiRepo(db),
    tickets: new TicketRepo(db),
    webhooks: new WebhookRepo(db),
    agentStateLog: new AgentStateLogRepo(db),
    recordingPaths: new RecordingPathRepo(db),
    recordingGovernance: new RecordingGovernanceRepo(db),
    trail: new TrailRepo(db),
    outboundCaps: new OutboundCapRepo(db),
    selfChecks: new SelfCheckRepo(db),
    transaction: inTransaction(db),
  };
}


/** An opened store: its repositories, the loop-turn group commit, and `close()` (commit, stop the rollup, close). */
export interface OpenStore {
  repos: Repos;
  turn: TurnCommit;
  close(): void;
}

/** Open (creating it) and migrate `<dataDir>/contact-center.db`, and build its repositories. */
export function openStore(dataDir: string, realm: string, log?: Logger): OpenStore {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, "contact-center.db"));
  migrate(db, log);
  const repos = createRepos(db, realm);
  const turn = new TurnCommit(db, (err) => log?.error({ err: String(err) }, "committing a loop turn's writes failed"));
  return {
    repos,
    turn,
    close: () => {
      turn.commit();
      repos.calls.stopRollup();
      db.close();
    },
  };
}
