import { Administration, ContactCenter } from "../../cc/index.ts";
import { testCenter } from "../../cc/test-center.ts";
import { advance, flush } from "../../cc/test-clock.ts";
import type { FlowInput } from "../../cc/index.ts";
import { loadConfig } from "../../config.ts";
import { createMetrics, silentLogger } from "../../lib/index.ts";
import { createApp } from "../app.ts";
import type { WebDeps } from "../deps.ts";
import { testTempDir } from "../../lib/testing/test-temp-dir.ts";

/** The organization API key of {@link testCallCenter}. */
export const TEST_API_KEY = "cc_test_key_0123456789abcdef0123456789";

// Answers are checked field by field; `any` keeps the assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * A web app whose API runs over a real ContactCenter: in-memory store, FakeTelephony, FakeClock
 * (src/cc/test-center.ts: service "demo" on 1588 in Asia/Seoul, queue "main" on key 1 with
 * callback, agents a1–a3 on 1001–1003), recordings in a fresh temporary folder.
 */
export function testCallCenter(flow: FlowInput = {}, over: Partial<WebDeps> = {}) {
  const t = testCenter(flow);
  t.cc.close();
  const recordingsDir = testTempDir("api-recordings");
  const cc = new ContactCenter({ telephony: t.telephony, repos: t.repos, clock: t.clock, log: silentLogger, recordingsDir });
  t.repos.organization.create({ name: "Test organization", domain: "localhost", apiKey: TEST_API_KEY });
  const admin = new Administration({ repos: t.repos, clock: t.clock, log: silentLogger });
  admin.attachLiveAgents(cc);
  const deps: WebDeps = {
    repos: t.repos,
    admin,
    config: loadConfig({}),
    logger: silentLogger,
    registrations: () => [],
    bans: { list: () => [] },
    metrics: createMetrics().registry,
    ready: () => true,
    now: () => t.clock.now(),
    cc,
    recordingsDir,
    ...over,
  };
  const app = createApp(deps);

  /** Call the API with the key; answers JSON (parsed) or the raw response. */
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${TEST_API_KEY}`,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await request(method, path, body, headers);
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json, headers: res.headers };
  };

  /** An inbound call → IVR → queue "main" → after `waitMs` agent a1 turns ready and answers → talk `talkMs` → caller hangs up. */
  const answeredCall = async (from = "01011112222", waitMs = 3000, talkMs = 60_000) => {
    cc.setState("demo", "a1", "away", "break");
    const caller = await t.queueCall(from);
    await advance(t.clock, waitMs);
    cc.setState("demo", "a1", "ready");
    await flush();
    const agentLeg = t.telephony.ringing("1001");
    if (!agentLeg) throw new Error("agent a1 is not ringing");
    agentLeg.remoteAnswer();
    await advance(t.clock, talkMs);
    caller.remoteHangup();
    await flush();
    return cc.calls("demo", 0, t.clock.now() + 1).at(-1)!;
  };

  return { ...t, cc, admin, deps, app, recordingsDir, request, call, answeredCall, advance: (ms: number) => advance(t.clock, ms), flush };
}
