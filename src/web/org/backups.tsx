import { Hono, type Context } from "hono";
import { BackupsPage, type BackupsProps } from "../../../views/index.ts";
import { attempt } from "../admin/door.ts";
import type { WebDeps } from "../deps.ts";
import { orgActor, orgFrame, page, type OrgEnv } from "./org-guard.ts";

/**
 * Backups (X5) under /admin/org/backups, for organization admins: the schedule and its off-box
 * target, "back up now" (`deps.admin.backups.run`, audited), and the kept archives to download
 * (each download recorded, H5). Restoring is a server-side command, explained on the page.
 */
export function orgBackupsRoutes(deps: WebDeps): Hono<OrgEnv> {
  const app = new Hono<OrgEnv>();
  const render = (c: Context<OrgEnv>, result?: BackupsProps["result"], status: 200 | 409 | 422 = 200) =>
    page(
      c,
      <BackupsPage
        frame={orgFrame(c)} timeZone={deps.repos.services.list()[0]?.timezone ?? "Asia/Seoul"}
        schedule={deps.admin.backups.schedule()} files={deps.admin.backups.list()} result={result}
      />,
      status,
    );
  app.get("/", (c) => {
    // The last run's outcome, shown once after "back up now" (?run=1) while it is fresh.
    const last = c.req.query("run") === "1" ? deps.admin.backups.schedule()?.last : undefined;
    const result: BackupsProps["result"] = last && (last.ok ? { ok: true, name: last.name!, bytes: last.bytes ?? 0, offBox: last.offBox } : { ok: false, error: last.error ?? "" });
    return render(c, result);
  });
  app.post("/", async (c) => {
    const done = await attempt(() => deps.admin.backups.start(orgActor(c, deps)));
    if (!done.ok) return render(c, { busy: true }, 409);
    return c.redirect("/admin/org/backups?run=1", 303);
  });
  app.get("/:name", async (c) => {
    const done = await attempt(() => deps.admin.backups.download(orgActor(c, deps), c.req.param("name")));
    if (!done.ok) return c.text("Not found", 404);
    c.header("Content-Type", "application/x-tar");
    c.header("Content-Disposition", `attachment; filename="${c.req.param("name")}"`);
    c.header("Cache-Control", "no-store");
    return c.body(Bun.file(done.value).stream());
  });
  return app;
}
