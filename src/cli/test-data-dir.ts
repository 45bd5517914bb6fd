/**
 * Test helper: a realistic data directory (X2 first run, call records with recordings, prompts, a
 * certificate) in a temporary folder, for the backup, restore and check tests.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firstRun } from "../cc/index.ts";
import { silentLogger } from "../lib/index.ts";
import { createRepos, DATABASE_FILE, migrate, openDatabase, type Database, type Repos } from "../store/index.ts";

export const REALM = "test-realm";

/** A 16-bit stereo 8 kHz WAV of `samples` frames; `open` leaves the header's sizes at 0 as a crash would. */
export function wavBytes(frames: number, { open = false, seed = 1 } = {}): Uint8Array {
  const data = frames * 4;
  const b = new Uint8Array(44 + data);
  const v = new DataView(b.buffer);
  const ascii = (at: number, s: string) => b.set(new TextEncoder().encode(s), at);
  ascii(0, "RIFF");
  v.setUint32(4, open ? 36 : 36 + data, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 2, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 32000, true);
  v.setUint16(32, 4, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, open ? 0 : data, true);
  for (let i = 44; i < b.length; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

export interface TestDataDir {
  dir: string;
  db: Database;
  repos: Repos;
  /** Remove the folder (closing the database first). */
  cleanup(): void;
}

/**
 * A data directory after first run with two recorded calls: one closed with a whole WAV, one still
 * up whose WAV header is still open (as while a call is recorded), plus a prompt and a certificate.
 */
export async function makeDataDir(prefix = "cc-backup-test-"): Promise<TestDataDir> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openDatabase(join(dir, DATABASE_FILE));
  migrate(db);
  const repos = createRepos(db, REALM);
  await firstRun(repos, { dataDir: dir, realm: REALM, apiKey: "cc_test_key", adminPassword: "admin-password-1", logger: silentLogger });
  const rec = join(dir, "recordings", "2025", "01");
  mkdirSync(rec, { recursive: true });
  writeFileSync(join(rec, "call-1.wav"), wavBytes(8000, { seed: 1 }));
  writeFileSync(join(rec, "call-2.wav"), wavBytes(4000, { open: true, seed: 2 }));
  const base = { serviceId: "demo", direction: "inbound" as const, to: "15880000", sipCallId: null, queueId: "main", queuedAt: 1000, offeredAt: 1100, agent: "agent1", hangupBy: null, type: null };
  repos.calls.create({ ...base, callId: "call-1", from: "0101", startedAt: 1000, answeredAt: 2000, endedAt: 5000, result: "answered", recordingPath: join(rec, "call-1.wav"), waitSeconds: 1, talkSeconds: 3 });
  repos.calls.create({ ...base, callId: "call-2", from: "0102", startedAt: 6000, answeredAt: 7000, endedAt: null, result: null, recordingPath: join(rec, "call-2.wav"), waitSeconds: 1, talkSeconds: null });
  mkdirSync(join(dir, "prompts", "demo"), { recursive: true });
  writeFileSync(join(dir, "prompts", "demo", "greeting.wav"), wavBytes(800, { seed: 3 }));
  mkdirSync(join(dir, "tls"), { recursive: true });
  writeFileSync(join(dir, "tls", "cert.pem"), "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n");
  writeFileSync(join(dir, "tls", "key.pem"), "-----BEGIN PRIVATE KEY-----\ntest\n-----END PRIVATE KEY-----\n", { mode: 0o600 });
  chmodSync(join(dir, "tls", "key.pem"), 0o600);
  return {
    dir,
    db,
    repos,
    cleanup() {
      try {
        db.close();
      } catch {
        /* closed by the test */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
