/**
 * One door (issue 14, C2, G4): hours saved in the admin pages reach the caller. The page's save
 * goes through the domain, which speaks a new after-hours message from the hours; a caller
 * (baresip, recording what it hears) then hears that new message, matched by its sound.
 */
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bestMatch, envelope } from "./audio-match.ts";
import { startBaresip, type Baresip } from "./baresip-runner.ts";
import { cleanupDir, haveBinaries, REPO_ROOT, sleep, startAppliance, tempDir, waitFor, type Appliance } from "./harness.ts";
import { signInToPages } from "./page-session.ts";

const HAVE_PEERS = haveBinaries("baresip", "sox", "espeak-ng");
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const GENERATED = "custom:after-hours-auto";

/** Today's weekday in Seoul (the demo service's time zone), as the flow names it. */
function todayInSeoul(): (typeof DAYS)[number] {
  const day = Temporal.Now.zonedDateTimeISO("Asia/Seoul").dayOfWeek; // 1 = Monday
  return DAYS[day - 1]!;
}

describe.skipIf(!HAVE_PEERS)("one door: the pages' hours reach the caller (C2, issue 14)", () => {
  let app: Appliance;
  let work: string;
  let phone: Baresip | undefined;

  beforeAll(async () => {
    work = tempDir("cc-one-door-e2e-");
    // baresip 1.0 answers only MD5 challenges.
    app = await startAppliance({ env: { CC_SIP_DIGEST_ALGORITHMS: "MD5" } });
  }, 60_000);

  afterAll(async () => {
    await phone?.stop();
    await app?.stop({ keepDataDir: Boolean(process.env.KEEP_E2E) });
    if (work && !process.env.KEEP_E2E) cleanupDir(work);
    if (process.env.KEEP_E2E) console.log(work, app?.dataDir);
  });

  it("C2: MUST speak the after-hours message made from hours saved in the pages to the next caller", async () => {
    // Open one hour on a day other than today: closed now, whatever the time.
    const today = todayInSeoul();
    const open = DAYS[(DAYS.indexOf(today) + 2) % 7]!;
    const fields = Object.fromEntries(DAYS.map((d) => [d, d === open ? "09:00-10:00" : ""]));
    const pages = await signInToPages(app);
    const saved = await pages.post("/admin/services/demo/hours", { weekday: "", weekend: "", ...fields });
    expect(saved.status, await saved.text()).toBe(303);

    const prompt = join(app.dataDir, "prompts", "demo", "custom-after-hours-auto.wav");
    await waitFor(
      async () => {
        const flow = await app.apiJson<{ prompts: { afterHours: string } }>("/api/v1/services/demo/ivr");
        return flow.prompts.afterHours === GENERATED && existsSync(prompt) ? true : undefined;
      },
      { timeoutMs: 30_000, what: "the after-hours message spoken from the new hours" },
    );

    const agent = app.credentials.agents.find((a) => a.extension === "1002")!;
    const silence = join(work, "silence.wav");
    expect(Bun.spawnSync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", silence, "trim", "0", "60"]).exitCode).toBe(0);
    phone = await startBaresip({
      dir: join(work, "baresip-1002"), user: "1002", password: agent.sipPassword,
      server: { host: "127.0.0.1", port: app.sipPort }, sourceWav: silence,
    });
    await phone.waitRegistered(10_000);
    await phone.command("dial", `sip:15880000@127.0.0.1:${app.sipPort}`);
    await phone.waitEvent("CALL_ESTABLISHED", 10_000);
    await phone.waitEvent("CALL_CLOSED", 60_000); // the appliance hangs up after the message
    await sleep(500); // sndfile closes its files on call end

    const heardFile = phone.recordings().received.at(-1);
    expect(heardFile, "baresip recorded nothing").toBeDefined();
    const heard = envelope(heardFile!);
    const spoken = bestMatch(heard, envelope(prompt));
    const shipped = bestMatch(heard, envelope(join(REPO_ROOT, "public/prompts/ko/after-hours.wav")));
    const detail = `new message ${JSON.stringify(spoken)}, shipped default ${JSON.stringify(shipped)}, heard ${heard.length / 50} s`;
    expect(spoken.score, detail).toBeGreaterThan(0.85);
    expect(spoken.score - shipped.score, detail).toBeGreaterThan(0.2);

    const calls = await app.apiJson<{ result: string; from: string }[]>("/api/v1/services/demo/calls");
    expect(calls.at(-1)?.result).toBe("after-hours");
  }, 150_000);
});
