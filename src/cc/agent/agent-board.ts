import { AppError, Event, type Clock, type Logger } from "../../lib/index.ts";
import type { AgentState, Repos } from "../../store/index.ts";
import { AgentMachine, type AgentStateName, type AgentStatus } from "./agent-state.ts";
import { agentDay, capacityLeaks, localDate, type AgentDay, type CapacityLeak } from "./agent-timeline.ts";

const toRepoState = (s: AgentStateName): AgentState => (s === "logged-out" ? "offline" : s);
const settled = (s: string | null | undefined): "ready" | "away" | undefined => (s === "ready" || s === "away" ? s : undefined);

/**
 * The live state machines of all agents, loaded lazily from the store and persisted on every
 * change (agent_status with the time in state, and agents.state for the web layer); the seconds an
 * agent spends in wrap-up after a call go on that call's record (C11).
 */
export class AgentBoard {
  /** Any agent's state changed: (new status, previous state). */
  readonly onChange = new Event<[AgentStatus, AgentStateName]>();
  private readonly machines = new Map<string, AgentMachine>();

  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The machine of an agent, or undefined when no such agent exists. */
  get(serviceId: string, loginId: string): AgentMachine | undefined {
    const key = `${serviceId}/${loginId}`;
    const known = this.machines.get(key);
    if (known) return known;
    const agent = this.repos.agents.get(serviceId, loginId);
    if (!agent) return undefined;
    const row = this.repos.agentStatus.get(serviceId, loginId);
    const status: AgentStatus = {
      serviceId,
      loginId,
      extension: agent.extension,
      state: (row?.state as AgentStateName | undefined) ?? "logged-out",
      reason: row?.reason ?? null,
      since: row?.since ?? agent.createdAt,
      cause: row?.cause ?? null,
      until: row?.until ?? null,
      returnTo: settled(row?.returnState) ? { state: settled(row?.returnState)!, reason: row?.returnReason ?? null } : null,
    };
    const m = new AgentMachine(status, this.clock, this.log);
    m.onChange.subscribe((s, prev) => {
      this.persist(s);
      this.onChange.execute(s, prev);
    });
    m.onWrapUpEnded.subscribe((callId, seconds) => this.repos.calls.update(callId, { wrapUpSeconds: seconds }));
    this.machines.set(key, m);
    return m;
  }

  /** The agent whose desk phone or softphone has this extension. */
  byExtension(extension: string): AgentMachine | undefined {
    const a = this.repos.agents.findByExtension(extension);
    return a ? this.get(a.serviceId, a.loginId) : undefined;
  }

  /**
   * The device of an extension came or went (issue 17: qualify, registration, WebSocket): its agent
   * becomes unreachable or returns to the state it had, with `why` as the cause. Returns the agent.
   */
  deviceChanged(extension: string, reachable: boolean, why: string): AgentMachine | undefined {
    const m = this.byExtension(extension);
    if (!m) return undefined;
    if (reachable) m.reachable(why);
    else m.unreachable(why);
    return m;
  }

  /** An agent's local day (issue 17): state bands with causes and the capacity leak; `date` YYYY-MM-DD, default today. */
  day(serviceId: string, loginId: string, date?: string): AgentDay {
    const timeZone = this.timeZone(serviceId);
    if (!this.repos.agents.get(serviceId, loginId)) throw new AppError(404, "agent-not-found", "no such agent");
    const now = this.clock.now();
    return agentDay(this.repos, { serviceId, loginId, date: this.date(date, now, timeZone), timeZone, now });
  }

  /** Every agent's capacity leak on a local day (issue 17), largest first. */
  leaks(serviceId: string, date?: string): { date: string; agents: CapacityLeak[] } {
    const timeZone = this.timeZone(serviceId);
    const now = this.clock.now();
    const day = this.date(date, now, timeZone);
    return { date: day, agents: capacityLeaks(this.repos, { serviceId, date: day, timeZone, now }) };
  }

  /** Every agent of a service. */
  list(serviceId: string): AgentMachine[] {
    return this.repos.agents
      .list(serviceId)
      .map((a) => this.get(serviceId, a.loginId))
      .filter((m): m is AgentMachine => m !== undefined);
  }

  /** Every agent with a stored state (crash recovery). */
  stored(): AgentMachine[] {
    return this.repos.agentStatus
      .listAll()
      .map((r) => this.get(r.serviceId, r.loginId))
      .filter((m): m is AgentMachine => m !== undefined);
  }

  /** Stop all timers. */
  dispose(): void {
    for (const m of this.machines.values()) m.dispose();
  }

  private timeZone(serviceId: string): string {
    const s = this.repos.services.get(serviceId);
    if (!s) throw new AppError(404, "service-not-found", "no such service");
    return s.timezone;
  }

  private date(date: string | undefined, now: number, timeZone: string): string {
    if (date === undefined || date === "") return localDate(now, timeZone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new AppError(400, "invalid-date", "date must be YYYY-MM-DD");
    try {
      Temporal.PlainDate.from(date, { overflow: "reject" });
    } catch {
      throw new AppError(400, "invalid-date", "date must be YYYY-MM-DD");
    }
    return date;
  }

  private persist(s: AgentStatus): void {
    if (!this.repos.agents.get(s.serviceId, s.loginId)) {
      this.machines.delete(`${s.serviceId}/${s.loginId}`);
      return;
    }
    this.repos.agentStatus.set({
      serviceId: s.serviceId, loginId: s.loginId, state: s.state, reason: s.reason, since: s.since,
      cause: s.cause, until: s.until, returnState: s.returnTo?.state ?? null, returnReason: s.returnTo?.reason ?? null,
    });
    this.repos.agents.update(s.serviceId, s.loginId, { state: toRepoState(s.state) });
  }
}
