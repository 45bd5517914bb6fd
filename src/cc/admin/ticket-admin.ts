import { z } from "zod";
import { TICKET_STATES, type Member, type Ticket } from "../../store/index.ts";
import type { Actor } from "./actor.ts";
import { serviceOf, type AdminContext } from "./admin-context.ts";
import { missing, parseInput, refuse } from "./rule-error.ts";
import { FEATURES } from "./service-contract.ts";

/** A new ticket (O9): by hand, or from a call (its notes become the ticket's). */
export const newTicketSchema = z.object({
  title: z.string().trim().max(200, "tooLong").default(""),
  notes: z.string().trim().max(4000, "tooLong").default(""),
  callId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().max(64, "tooLong").optional()),
});
export type NewTicketInput = z.input<typeof newTicketSchema>;

/** A ticket's new state, and optionally who it is assigned to. */
export const ticketChangeSchema = z.object({
  state: z.enum(TICKET_STATES, "format").optional(),
  assignee: z.preprocess((v) => (v === null ? "" : v), z.string().max(64, "tooLong").optional()),
});

/**
 * Tickets (이슈 관리, O9), as much as My performance needs: opened from a call's notes or by hand,
 * assigned to the member of the service with the fewest open tickets among those who take
 * assignments (O8), moved through unassigned → in progress → resolved → completed.
 */
export class TicketAdmin {
  constructor(private readonly ctx: AdminContext) {}

  open(actor: Actor, serviceId: string, input: NewTicketInput): Ticket {
    const v = parseInput(newTicketSchema, input);
    const { repos, clock } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const service = serviceOf(this.ctx, serviceId);
      const features = repos.contracts.get(serviceId, service.createdAt, FEATURES).features ?? [];
      if (!features.includes("tickets")) throw refuse("_form", "featureOff", 409);
      const call = v.callId ? repos.calls.get(v.callId) : undefined;
      if (v.callId && call?.serviceId !== serviceId) throw refuse("callId", "notFound", 404);
      const title = v.title || (call ? `${call.from} · ${new Date(call.startedAt).toISOString().slice(0, 16).replace("T", " ")}` : "");
      if (!title) throw refuse("title", "required");
      const assignee = this.nextAssignee(serviceId);
      const t = repos.tickets.create(
        { serviceId, callId: call?.callId, title, notes: v.notes || call?.notes || "", state: assignee ? "in-progress" : "unassigned", assignee: assignee?.loginId, createdBy: actor.id },
        clock.now(),
      );
      return { serviceId, action: "create", target: `tickets/${t.id}`, after: t, result: t };
    });
  }

  /** Change a ticket's state or assignee; a member who turned assignment off is refused. */
  change(actor: Actor, serviceId: string, id: number, input: z.input<typeof ticketChangeSchema>): Ticket {
    const v = parseInput(ticketChangeSchema, input);
    const { repos, clock } = this.ctx;
    return this.ctx.changes.commit(actor, () => {
      const before = repos.tickets.get(id);
      if (!before || before.serviceId !== serviceId) throw missing("ticket");
      let assignee = before.assignee;
      if (v.assignee !== undefined) {
        const m = v.assignee ? repos.members.findByLoginId(v.assignee) : undefined;
        if (v.assignee && (!m || !this.serves(m, serviceId))) throw refuse("assignee", "noMember");
        if (m && !m.ticketAssign) throw refuse("assignee", "assignOff", 409);
        assignee = m?.loginId;
      }
      let state = v.state ?? (assignee && before.state === "unassigned" ? "in-progress" : before.state);
      if (!assignee && state === "in-progress") state = "unassigned";
      const after = repos.tickets.update(id, { state, assignee }, clock.now())!;
      return { serviceId, action: "update", target: `tickets/${id}`, before, after, result: after };
    });
  }

  /** Members of the service who take tickets (agent or service admin, active, assignment on), fewest open first. */
  private nextAssignee(serviceId: string): Member | undefined {
    const open = new Map<string, number>();
    for (const t of this.ctx.repos.tickets.list(serviceId)) if (t.assignee && t.state === "in-progress") open.set(t.assignee, (open.get(t.assignee) ?? 0) + 1);
    return this.ctx.repos.members
      .list()
      .filter((m) => m.active && m.ticketAssign && this.serves(m, serviceId))
      .sort((a, b) => (open.get(a.loginId) ?? 0) - (open.get(b.loginId) ?? 0) || a.loginId.localeCompare(b.loginId))[0];
  }

  private serves(m: Member, serviceId: string): boolean {
    return m.roles.some((r) => r.serviceId === serviceId);
  }
}
