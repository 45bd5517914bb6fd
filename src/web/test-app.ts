import { firstRun, type InitialCredentials } from "../cc/org/first-run.ts";
import { Administration } from "../cc/admin/index.ts";
import { loadConfig } from "../config.ts";
import { createMetrics, silentLogger, systemClock } from "../lib/index.ts";
import { testStore } from "../store/test-db.ts";
import type { BanRecord, BindingRecord } from "../store/index.ts";
import { createApp } from "./app.ts";
import type { WebDeps } from "./deps.ts";
import { testTempDir } from "../lib/testing/test-temp-dir.ts";

/** A web app over an in-memory store after first run, with controllable time and SIP state (tests). */
export async function testApp(over: Partial<WebDeps> & { onRoutingChanged?: () => void } = {}) {
  const { db, repos } = testStore("contact-center");
  const creds = (await firstRun(repos, {
    dataDir: testTempDir("web"),
    realm: "contact-center",
    adminPassword: "admin-password",
  })) as InitialCredentials;
  const state = { now: 1_700_000_000_000, ready: false, bindings: [] as BindingRecord[], bans: [] as BanRecord[] };
  const clock = { ...systemClock, now: () => (over.now ? over.now() : state.now) };
  /** The fake SIP ban list: lifting goes through the domain like in the appliance. */
  const bans = {
    list: () => state.bans,
    lift: (address: string) => {
      const before = state.bans.length;
      state.bans = state.bans.filter((b) => b.address !== address);
      return state.bans.length < before;
    },
  };
  const hooks = { prompts: over.promptAudio, routingChanged: over.onRoutingChanged, bans };
  const deps: WebDeps = {
    repos,
    admin: over.admin ?? new Administration({ repos, clock, log: silentLogger, hooks }),
    config: loadConfig({}),
    logger: silentLogger,
    registrations: () => state.bindings,
    bans,
    metrics: createMetrics().registry,
    ready: () => state.ready,
    now: () => state.now,
    ...over,
  };
  return { app: createApp(deps), db, repos, creds, state, deps };
}
