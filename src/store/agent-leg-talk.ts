/** Talk time by agent from the agent legs (issue 17 point 4, S1): a transferred call's talk split between its agents. */
import { bucketSql, type LocalBuckets, type Query } from "./call-aggregate.ts";

/** Seconds one agent was connected on the answered legs of queued calls, per local bucket (null without buckets). */
export interface AgentLegTalk {
  key: string;
  bucket: number | null;
  talkSum: number;
  /** Answered legs counted (a call transferred to the agent counts once for them). */
  legs: number;
}

/**
 * Sum, per agent, the connected time (answered → ended) of their legs of the queued calls started in
 * [from, to), bucketed by when the call queued like the other figures. A leg still up counts from
 * its end, so only ended legs count.
 */
export function agentLegTalk(query: Query<AgentLegTalk>, serviceId: string, from: number, to: number, buckets?: LocalBuckets): AgentLegTalk[] {
  const b = bucketSql("coalesce(c.queued_at, c.started_at)", buckets);
  const sql = `SELECT l.agent_login AS key, ${b.sql} AS bucket, total((l.ended_at - l.answered_at) / 1000.0) AS talkSum, count(*) AS legs
    FROM calls c INDEXED BY calls_service_started_cover JOIN call_legs l ON l.call_id = c.call_id
    WHERE c.service_id = ? AND c.started_at >= ? AND c.started_at < ? AND +c.queue_id IS NOT NULL
      AND l.role = 'agent' AND l.agent_login IS NOT NULL AND l.agent_login <> '' AND l.answered_at IS NOT NULL AND l.ended_at IS NOT NULL
    GROUP BY 1, 2`;
  return query(sql).all(...b.params, serviceId, from, to);
}
