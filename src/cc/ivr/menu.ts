import type { Queue } from "../../store/index.ts";
import type { Flow } from "./flow-schema.ts";

/** What a menu key leads to once the flow and the queues table are combined. */
export type ResolvedEntry =
  | { kind: "queue"; queueId: string; callback: boolean }
  | { kind: "info"; prompt: string };

/**
 * The effective menu (C4): the flow's entries first (a queue entry's callback flag defaults to
 * the queue's), then every queue of the service whose digit the flow leaves free.
 */
export function resolveMenu(flow: Pick<Flow, "menu">, queues: readonly Queue[]): Map<string, ResolvedEntry> {
  const out = new Map<string, ResolvedEntry>();
  const byId = new Map(queues.map((q) => [q.queueId, q]));
  const listed = new Set<string>();
  for (const m of flow.menu) {
    if (m.kind === "info") out.set(m.digit, { kind: "info", prompt: m.prompt });
    else {
      const q = byId.get(m.queueId);
      if (!q) continue;
      listed.add(q.queueId);
      out.set(m.digit, { kind: "queue", queueId: q.queueId, callback: m.callback ?? q.callback });
    }
  }
  for (const q of queues) {
    if (listed.has(q.queueId) || out.has(q.digit)) continue;
    out.set(q.digit, { kind: "queue", queueId: q.queueId, callback: q.callback });
  }
  return out;
}
