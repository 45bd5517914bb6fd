import { testApp } from "../test-app.ts";

/** Origin header the CSRF middleware accepts in tests. */
export const ORIGIN = "http://localhost";

type App = Awaited<ReturnType<typeof testApp>>["app"];

/** Sign in and return the cookie header and the session's CSRF token. */
export async function signedIn(app: App, loginId = "admin", password = "admin-password", headers: Record<string, string> = {}) {
  const res = await app.request("/admin/login", {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ loginId, password }).toString(),
  });
  const m = /cc_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "");
  if (!m) throw new Error(`sign-in failed: ${res.status}`);
  const cookie = `cc_session=${m[1]}`;
  const page = await (await app.request("/admin/phones", { headers: { Cookie: cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return { cookie, csrf };
}

/** A signed-in client: GET and form POST with the session and CSRF token. */
export async function adminClient(app: App, loginId = "admin", password = "admin-password") {
  const s = await signedIn(app, loginId, password);
  return {
    ...s,
    get: (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { Cookie: s.cookie, ...headers } }),
    post: (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
      const body = new URLSearchParams();
      body.set("_csrf", s.csrf);
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return app.request(path, {
        method: "POST",
        headers: { Cookie: s.cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", ...headers },
        body: body.toString(),
      });
    },
  };
}

/** A second service "other" with one agent, for scoping tests. */
export function addOtherService(repos: Awaited<ReturnType<typeof testApp>>["repos"]) {
  repos.services.create({ serviceId: "other", name: "Other", number: "0700000", callerId: "", timezone: "Asia/Seoul", language: "ko", state: "active", licences: 3 });
  repos.agents.create({ serviceId: "other", loginId: "secretagent", name: "Secret Agent" }, "pw-other-1234");
}
