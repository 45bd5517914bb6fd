import type { Appliance } from "./harness.ts";

/** The admin pages signed in as the first-run admin: GET, and form POST with the session cookie and CSRF token. */
export async function signInToPages(app: Appliance) {
  const { loginId, password } = app.credentials.admin;
  const res = await fetch(`${app.baseUrl}/admin/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: app.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ loginId, password }).toString(),
  });
  const cookie = /cc_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  const get = (path: string) => fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await get("/admin/phones")).text())?.[1] ?? "";
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${app.baseUrl}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: app.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
  return { get, post };
}
