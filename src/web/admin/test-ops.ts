import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { testCallCenter } from "../api/test-call-center.ts";
import { adminClient } from "./test-admin.ts";

/**
 * The admin pages over a real ContactCenter (FakeTelephony, FakeClock; service "demo" on 1588,
 * queue "main", agents a1–a3) with an org admin "admin" (service admin of both) and a second service "other" with its
 * own call, for the monitoring, statistics and lookup tests.
 */
export async function testOps(over: Parameters<typeof testCallCenter>[1] = {}) {
  const t = testCallCenter({}, { wavToMp3: (path: string) => new TextEncoder().encode(`mp3:${path}`), ...over } as never);
  const boss = await t.repos.members.create({ loginId: "admin", name: "Admin", password: "admin-password", orgAdmin: true });
  t.repos.services.create({ serviceId: "other", name: "Other", number: "0700000", callerId: "", timezone: "Asia/Seoul", language: "en", state: "active", licences: 3 });
  // The org admin role alone shows no service data (O4): the admin administers both services.
  for (const s of ["demo", "other"]) t.repos.members.grant(boss.id, s, "service-admin");
  t.repos.agents.create({ serviceId: "other", loginId: "secretagent", name: "Secret" }, "pw");
  t.repos.queues.create({ serviceId: "other", queueId: "oq", name: "Other queue", digit: "1", callback: false });
  t.repos.queues.setAgents("other", "oq", ["secretagent"]);
  const admin = await adminClient(t.app as never);
  return { ...t, admin };
}

/** Read a server-sent event stream until `predicate` holds for the text so far (bounded), then cancel it. */
export async function readSse(res: Response, predicate: (text: string) => boolean, maxMs = 5000): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const until = Date.now() + maxMs;
  while (Date.now() < until && !predicate(text)) {
    const r = await Promise.race([reader.read(), Bun.sleep(until - Date.now()).then(() => ({ done: true, value: undefined }))]);
    if (r.done || !r.value) break;
    text += dec.decode(r.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** Write a short silent 8 kHz mono WAV at `path` (a call's recording in tests). */
export function writeWav(path: string, ms = 500): Uint8Array {
  const n = (8000 * ms) / 1000;
  const bytes = new Uint8Array(44 + n * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); text(8, "WAVE");
  text(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true); v.setUint32(28, 16000, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
  text(36, "data"); v.setUint32(40, n * 2, true);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes;
}
