import type { Appliance } from "./harness.ts";

/** A fetch of the admin pages as the signed-in first-run admin: session cookie and Origin (hono/csrf). */
export type AdminFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Sign in to the admin pages with plain fetches (no browser) and return a fetch that carries the session. */
export async function signInAdmin(app: Appliance): Promise<AdminFetch> {
  const body = new URLSearchParams({ loginId: app.credentials.admin.loginId, password: app.credentials.admin.password });
  const res = await fetch(`${app.baseUrl}/admin/login`, { method: "POST", body, redirect: "manual", headers: { Origin: app.baseUrl } });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (res.status !== 303 || !cookie) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return (path, init = {}) => fetch(`${app.baseUrl}${path}`, { ...init, redirect: "manual", headers: { Cookie: cookie, Origin: app.baseUrl, ...(init.headers ?? {}) } });
}
