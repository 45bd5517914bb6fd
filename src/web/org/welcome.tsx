import { Hono, type Context } from "hono";
import { WelcomePage } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import { clientIp } from "../client-ip.ts";
import type { WebDeps } from "../deps.ts";
import type { OrgEnv } from "./org-guard.ts";
import { one, readForm } from "./org-form.ts";

/**
 * /admin/org/welcome/:token — the set-password page of an invitation (O4). No session: the
 * one-time token is the proof; a used or expired link says so.
 */
export function welcomeRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, more: { errors?: Record<string, string>; done?: boolean } = {}, status: 200 | 404 | 422 = 200) => {
    const member = more.done ? undefined : deps.admin.members.invited(c.req.param("token") ?? "");
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.html(
      <WelcomePage lang={c.get("lang")} t={c.get("t")} path={c.req.path} member={member && { name: member.name, loginId: member.loginId }} {...more} />,
      member || more.done ? status : 404,
    );
  };
  app.get("/:token", (c) => render(c));
  app.post("/:token", async (c) => {
    const { fields } = await readForm(c);
    const done = await attempt(() => deps.admin.members.acceptInvitation(c.req.param("token"), one(fields.password), clientIp(c, deps.config.trustedProxies)));
    if (!done.ok) return render(c, { errors: done.errors }, 422);
    return render(c, { done: true });
  });
  return app;
}
