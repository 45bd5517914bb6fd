import { SYSTEM } from "../../cc/index.ts";
import { testCallCenter } from "../api/test-call-center.ts";

/** Origin header the CSRF middleware accepts in tests. */
export const ORIGIN = "http://localhost";

type Center = ReturnType<typeof testCallCenter>;

/**
 * A console signed in through the pages as a test client: the session cookie, the CSRF token read
 * from the page, GET and form POST (optionally as htmx) with both.
 */
export async function consoleClient(t: Center, loginId: string, password: string, ip = "10.0.0.1", serviceId = "demo") {
  const res = await login(t, { serviceId, loginId, password }, ip);
  const cookie = /cc_agent=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie || res.status !== 303) throw new Error(`console sign-in failed: ${res.status} ${await res.text()}`);
  const headers = (extra: Record<string, string> = {}) => ({ Cookie: cookie, ...extra });
  const env = { ip: { address: ip } };
  const home = await (await t.app.request("/agent/", { headers: headers() }, env)).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? "";
  return {
    cookie,
    csrf,
    get: (path: string, extra: Record<string, string> = {}) => t.app.request(path, { headers: headers(extra) }, env),
    post: (path: string, fields: Record<string, string>, extra: Record<string, string> = {}) =>
      t.app.request(path, {
        method: "POST",
        headers: headers({ Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...extra }),
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      }, env),
  };
}

/** POST a sign-in form (`path` /agent/login or /agent/login/confirm) from the address `ip`. */
export function login(t: Center, fields: Record<string, string>, ip = "10.0.0.1", cookie = "", path = "/agent/login") {
  return t.app.request(path, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  }, { ip: { address: ip } });
}

/** The demo call center over fake telephony with console passwords for a1 and a2. */
export function testConsole() {
  const t = testCallCenter({}, { wavToMp3: (path: string) => new TextEncoder().encode(`mp3:${path}`) });
  const pw = {
    a1: t.admin.agents.resetPasswords(SYSTEM, "demo", "a1").password,
    a2: t.admin.agents.resetPasswords(SYSTEM, "demo", "a2").password,
  };
  /** The login history, oldest first, as "kind:result". */
  const history = () => t.repos.loginHistory.all(200).reverse().map((e) => `${e.kind}:${e.result}`);
  return { ...t, pw, history };
}

/** Events of a console's SSE stream until `until` is seen (bounded), then the stream is closed. */
export async function readEvents(res: Response, until: (events: { event: string; data: string }[]) => boolean, timeoutMs = 3000) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = "";
  const events: { event: string; data: string }[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline && !until(events)) {
      const chunk = await Promise.race([reader.read(), Bun.sleep(Math.max(1, deadline - Date.now())).then(() => undefined)]);
      if (!chunk || chunk.done) break;
      text += dec.decode(chunk.value, { stream: true });
      const blocks = text.split("\n\n");
      text = blocks.pop() ?? "";
      for (const b of blocks) {
        const name = /^event: (.+)$/m.exec(b)?.[1];
        if (name) events.push({ event: name, data: [...b.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n") });
      }
    }
  } finally {
    await reader.cancel();
  }
  return events;
}

