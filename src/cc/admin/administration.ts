import type { Clock, Logger } from "../../lib/index.ts";
import type { Repos } from "../../store/index.ts";
import { AccessAdmin } from "./access-admin.ts";
import type { Actor } from "./actor.ts";
import type { AdminContext, AdminHooks, LiveAgents } from "./admin-context.ts";
import { AgentAdmin } from "./agent-admin.ts";
import { ApiKeyAdmin } from "./api-key-admin.ts";
import { BanAdmin } from "./ban-admin.ts";
import { BackupAdmin } from "./backup-admin.ts";
import { RecordingsAdmin } from "./recordings-admin.ts";
import { TlsAdmin } from "./tls-admin.ts";
import { NetworkAdmin } from "./network-admin.ts";
import { CallbackAdmin } from "./callback-admin.ts";
import { ChangeLog } from "./change-log.ts";
import { DeskPhoneAdmin } from "./desk-phone-admin.ts";
import { RoleAdmin } from "./role-admin.ts";
import { SignIns } from "./sign-ins.ts";
import { TypeAdmin } from "./type-admin.ts";
import { FlowAdmin } from "./flow-admin.ts";
import { PromptAdmin } from "./prompt-admin.ts";
import { QueueAdmin } from "./queue-admin.ts";
import { TrunkAdmin } from "./trunk-admin.ts";
import { ServiceAdmin } from "./service-admin.ts";
import { TraceAdmin } from "./trace-admin.ts";
import { AgentSignIns } from "./agent-sign-ins.ts";
import { ConsoleAdmin } from "./console-admin.ts";
import { CallControlAdmin } from "./call-control-admin.ts";
import { OrganizationAdmin } from "./organization-admin.ts";
import { MemberAdmin } from "./member-admin.ts";
import { MySettings } from "./my-settings.ts";
import { WebhookAdmin } from "./webhook-admin.ts";
import { TicketAdmin } from "./ticket-admin.ts";
import { CtiAdmin } from "./cti-admin.ts";
import { ChangePreview } from "./change-preview.ts";

export interface AdministrationOptions {
  repos: Repos;
  clock: Clock;
  log: Logger;
  hooks?: AdminHooks;
}

/**
 * The one door into the center (ARCHITECTURE "One door"): every change from the admin pages, the
 * REST API, the command line, the agent console and tests is one operation here, validated by one
 * schema, checked by one set of rules, written with its audit entry in one transaction, and
 * followed by its side effects. The web layer only reads repositories.
 */
export class Administration {
  readonly changes: ChangeLog;
  readonly services: ServiceAdmin;
  readonly agents: AgentAdmin;
  readonly access: AccessAdmin;
  /** SIP message traces on demand (X6). */
  readonly traces: TraceAdmin;
  readonly flows: FlowAdmin;
  /** What a change of hours, holidays, menu or queue members would do to the last 7 days' calls (issue 17). */
  readonly preview: ChangePreview;
  readonly prompts: PromptAdmin;
  readonly queues: QueueAdmin;
  readonly trunks: TrunkAdmin;
  readonly deskPhones: DeskPhoneAdmin;
  readonly roles: RoleAdmin;
  readonly types: TypeAdmin;
  readonly callbacks: CallbackAdmin;
  readonly signIns: SignIns;
  readonly bans: BanAdmin;
  readonly apiKeys: ApiKeyAdmin;
  /** Backups and restores of the data directory, audited (X5). */
  readonly backups: BackupAdmin;
  /** Recordings governance: retention per service, disk budget, notes on missing recordings (issue 11). */
  readonly recordings: RecordingsAdmin;
  /** The TLS certificate uploaded in the pages (issue 11). */
  readonly tls: TlsAdmin;
  /** What the pages show of the network: addresses, ports to forward, what peers are told (T10). */
  readonly network: NetworkAdmin;
  /** The agent console's sign-in and sign-out (A1). */
  readonly agentSignIns: AgentSignIns;
  /** What the agent console changes: notes, settings, notices (A6, A11). */
  readonly console: ConsoleAdmin;
  /** The agent's in-call controls and outbound dialling (A4, A5, C9, C10). */
  readonly calls: CallControlAdmin;
  /** The organization (O3) and its price table (O2). */
  readonly organization: OrganizationAdmin;
  /** Members of the organization: invitations, state, org-admin role (O4). */
  readonly members: MemberAdmin;
  /** What a member changes about themselves (O8). */
  readonly mySettings: MySettings;
  /** Webhooks (X3). */
  readonly webhooks: WebhookAdmin;
  /** Tickets (O9). */
  readonly tickets: TicketAdmin;
  /** CTI settings and the member ↔ CTI mapping (O5). */
  readonly cti: CtiAdmin;
  private readonly ctx: AdminContext;

  constructor(o: AdministrationOptions) {
    this.changes = new ChangeLog(o.repos, o.clock, o.log.child("changes"));
    this.ctx = { repos: o.repos, clock: o.clock, log: o.log, changes: this.changes, hooks: o.hooks ?? {} };
    this.services = new ServiceAdmin(this.ctx);
    this.agents = new AgentAdmin(this.ctx);
    this.access = new AccessAdmin(this.ctx);
    this.traces = new TraceAdmin(this.ctx);
    this.flows = new FlowAdmin(this.ctx);
    this.preview = new ChangePreview(this.ctx, (serviceId) => this.flows.read(serviceId));
    this.prompts = new PromptAdmin(this.ctx);
    this.queues = new QueueAdmin(this.ctx, this.flows, this.prompts);
    this.trunks = new TrunkAdmin(this.ctx);
    this.deskPhones = new DeskPhoneAdmin(this.ctx);
    this.roles = new RoleAdmin(this.ctx);
    this.types = new TypeAdmin(this.ctx);
    this.callbacks = new CallbackAdmin(this.ctx);
    this.signIns = new SignIns(this.ctx);
    this.bans = new BanAdmin(this.ctx);
    this.apiKeys = new ApiKeyAdmin(this.ctx);
    this.backups = new BackupAdmin(this.ctx);
    this.recordings = new RecordingsAdmin(this.ctx);
    this.tls = new TlsAdmin(this.ctx);
    this.network = new NetworkAdmin();
    this.agentSignIns = new AgentSignIns(this.ctx);
    this.console = new ConsoleAdmin(this.ctx);
    this.calls = new CallControlAdmin(this.ctx);
    this.organization = new OrganizationAdmin(this.ctx);
    this.members = new MemberAdmin(this.ctx);
    this.mySettings = new MySettings(this.ctx);
    this.webhooks = new WebhookAdmin(this.ctx);
    this.tickets = new TicketAdmin(this.ctx);
    this.cti = new CtiAdmin(this.ctx);
  }

  /** Agent states go through the live state machines once the contact center runs. */
  attachLiveAgents(live: LiveAgents): void {
    this.ctx.live = live;
  }

  /** Hooks main.ts sets after the pieces they call exist. */
  setHooks(hooks: AdminHooks): void {
    Object.assign(this.ctx.hooks, hooks);
  }

  /** Record a view, play, download or export (H5). */
  recordAccess(actor: Actor, serviceId: string | undefined, action: string, target: string): void {
    this.changes.access(actor, serviceId, action, target);
  }
}
