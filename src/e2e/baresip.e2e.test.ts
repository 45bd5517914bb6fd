/**
 * End-to-end: two baresip phones registered as 1001 and 1002 over UDP; 1001 calls 1002,
 * which auto-answers; each plays its own tone (440 Hz / 1000 Hz) as the microphone and
 * each side's recording of what it received must hold the other side's tone.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { join } from "node:path";
import { cleanupDir, haveBinaries, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { readWav, rms, startBaresip, toneShares, type Baresip } from "./baresip-runner.ts";

const HAVE_PEERS = haveBinaries("baresip", "sox");

describe.skipIf(!HAVE_PEERS)("baresip end-to-end", () => {
  let app: Appliance;
  let work: string;
  const phones: Baresip[] = [];

  beforeAll(async () => {
    work = tempDir("cc-baresip-e2e-");
    for (const [name, freq] of [["tone440.wav", 440], ["tone1000.wav", 1000]] as const) {
      const sox = Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", join(work, name), "synth", "20", "sine", String(freq), "vol", "0.5"]);
      if (sox.exitCode !== 0) throw new Error(`sox failed: ${sox.stderr.toString()}`);
    }
    // baresip 1.0's libre gives up (ENOSYS) on any non-MD5 challenge in a 401, even when an
    // MD5 one is offered too: ask the appliance for MD5 challenges only (old-phone setting).
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5" } });
  }, 60_000);

  afterAll(async () => {
    for (const p of phones) await p.stop();
    await app?.stop();
    if (work) cleanupDir(work);
  });

  it("T6: MUST connect a call between two baresip phones with audio both ways", async () => {
    const server = { host: "127.0.0.1", port: app.sipPort };
    const cred = (ext: string) => {
      const a = app.credentials.agents.find((x) => x.extension === ext);
      if (!a) throw new Error(`no demo agent ${ext}`);
      return a;
    };
    const caller = await startBaresip({
      dir: join(work, "1001"),
      user: "1001",
      password: cred("1001").sipPassword,
      server,
      sourceWav: join(work, "tone440.wav"),
    });
    phones.push(caller);
    const callee = await startBaresip({
      dir: join(work, "1002"),
      user: "1002",
      password: cred("1002").sipPassword,
      server,
      sourceWav: join(work, "tone1000.wav"),
      autoAnswer: true,
    });
    phones.push(callee);

    const why = () => `--- 1001 ---\n${caller.logs().slice(-3000)}\n--- 1002 ---\n${callee.logs().slice(-3000)}\n--- appliance ---\n${app.logs().slice(-3000)}`;
    try {
      await caller.waitRegistered(10_000);
      await callee.waitRegistered(10_000);
    } catch (err) {
      throw new Error(`${String(err)}\n${why()}`);
    }

    const dial = await caller.command("dial", `sip:1002@127.0.0.1:${app.sipPort}`);
    expect(dial.ok, `dial refused: ${JSON.stringify(dial)}`).toBe(true);
    try {
      await caller.waitEvent("CALL_ESTABLISHED", 15_000);
      await callee.waitEvent("CALL_ESTABLISHED", 5_000);
    } catch (err) {
      throw new Error(`${String(err)}\nevents 1001: ${JSON.stringify(caller.events.map((e) => [e.type, e.param]))}\n${why()}`);
    }
    await sleep(4000);
    await caller.command("hangup");
    await caller.waitEvent("CALL_CLOSED", 5000);
    await callee.waitEvent("CALL_CLOSED", 10_000);
    await sleep(300); // sndfile closes its files on call end

    // Each side received (decoded) the other side's tone.
    for (const [phone, expected, own] of [
      [caller, 1000, 440],
      [callee, 440, 1000],
    ] as const) {
      const files = await waitFor(() => {
        const r = phone.recordings().received;
        return r.length ? r : null;
      }, { timeoutMs: 3000, what: `recording of ${phone.user}` });
      const { rate, samples } = readWav(files[files.length - 1]!);
      // Skip the first second (ringing, jitter buffer fill).
      const tail = samples.subarray(Math.min(rate, samples.length));
      const level = rms(tail);
      const shares = toneShares(tail, rate, [expected, own]);
      const detail = `${phone.user} received ${(tail.length / rate).toFixed(1)} s, rms=${level.toFixed(3)}, shares=${JSON.stringify(shares)}`;
      expect(tail.length / rate, detail).toBeGreaterThan(2);
      expect(level, detail).toBeGreaterThan(0.05);
      expect(shares[expected]!, detail).toBeGreaterThan(0.5);
      expect(shares[own]!, detail).toBeLessThan(0.1);
    }
  }, 90_000);
});
