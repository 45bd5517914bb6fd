import type { Registry } from "prom-client";
import type { Config } from "../config.ts";
import type { Logger } from "../lib/index.ts";
import type { Administration, Canary, ContactCenter, Reconciler } from "../cc/index.ts";
import type { BanRecord, BindingRecord, Repos } from "../store/index.ts";
import type { PromptAudio } from "./admin/prompt-audio.ts";

/** A trunk's state as telephony reports it (structural: web does not import telephony). */
export interface TrunkStatusView {
  trunkId: string;
  state: string;
  expiresAt: number;
  lastAnswer?: string;
  retryAt?: number;
  probe?: { state: "unknown" | "up" | "down"; rttMs?: number; lastAnswer?: string; checkedAt?: number };
}

/** Everything the web layer needs, built by main.ts and passed to `createApp`. */
export interface WebDeps {
  /** Repositories over the migrated database, for reads only: every change goes through `admin`. */
  repos: Repos;
  /** The one door: every change to the center is an operation of the domain's administration. */
  admin: Administration;
  config: Config;
  logger: Logger;
  /** Live SIP bindings (the registrar's location service, e.g. `bindingRepo.all()` filtered by expiry). */
  registrations(): BindingRecord[];
  /** The trunks' registration and OPTIONS probe states now (telephony's TrunkRegistrations). */
  trunkStates?(): TrunkStatusView[];
  /** Live bans (the SIP ban list); lifting one is `admin.bans.lift`. */
  bans: { list(): BanRecord[] };
  /** Prometheus registry served at /metrics (`createMetrics().registry`). */
  metrics: Registry;
  /** True once every listener is up; /readyz answers 503 until then. */
  ready(): boolean;
  /** Text-to-speech and prompt storage for the prompt pages (M6); optional. */
  promptAudio?: PromptAudio;
  /** Injected time (login throttling, session expiry, "expires in"); defaults to Date.now. */
  now?: () => number;
  /**
   * The contact-center domain (ARS flows, agent states, call records, callbacks, statistics, live
   * figures). Optional so page and API tests that need none of it can leave it out.
   */
  cc?: ContactCenter;
  /** Where recordings live (`<dataDir>/recordings`); paths in call records are under it. */
  recordingsDir?: string;
  /** MP3 of a recording (media's `wavToMp3`, passed in because web does not import media). */
  wavToMp3?: (wavPath: string) => Uint8Array;
  /** The nightly reconcile check and the canary call (issue 17 points 4, 5); absent in tests that need neither. */
  selfChecks?: { reconciler: Reconciler; canary: Canary };
}
