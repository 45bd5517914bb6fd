import type { Lang } from "../messages.ts";
import { figureText, type FigureTextKey } from "../components/figure-text.ts";

/** The latest nightly reconcile check and canary call of a service, as the dashboard shows them (issue 17 points 4, 5). */
export interface SelfChecksView {
  reconcile?: {
    day: string;
    compared: number;
    differences: { source: string; figure: string; scope: string; value: number; expected: number }[];
  };
  canary?: {
    /** Local time of the run. */
    at: string;
    ok: boolean;
    steps: number;
    /** The first failing step; `code` is worded in the page's language, `detail` is what was measured. */
    failure?: { number: string; step: string; code?: string; detail: string };
  };
}

/** The self-checks card: numbers reconciled yesterday, and the canary call's path walk. */
export function SelfChecksCard(props: { lang: Lang; checks: SelfChecksView; runUrl?: string; csrfToken?: string }) {
  const f = figureText(props.lang);
  const { reconcile: r, canary: c } = props.checks;
  return (
    <section class="card" id="self-checks">
      <h2>{f("rc.title")}</h2>
      {props.runUrl && (
        <form method="post" action={props.runUrl} class="inline" id="self-checks-run">
          <input type="hidden" name="_csrf" value={props.csrfToken ?? ""} />
          <button type="submit" name="check" value="reconcile">{f("rc.run")}</button>
        </form>
      )}
      {!r && <p class="muted" data-reconcile="none">{f("rc.none")}</p>}
      {r && r.differences.length === 0 && <p data-reconcile="ok">✓ {f("rc.ok", { day: r.day, n: r.compared })}</p>}
      {r && r.differences.length > 0 && (
        <>
          <p class="error" role="alert" data-reconcile="differences" data-count={r.differences.length}>{f("rc.bad", { day: r.day, n: r.differences.length })}</p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr><th>{f("rc.source")}</th><th>{f("rc.figure")}</th><th>{f("rc.scope")}</th><th>{f("rc.value")}</th><th>{f("rc.expected")}</th></tr>
              </thead>
              <tbody>
                {r.differences.slice(0, 20).map((d) => (
                  <tr><td>{d.source}</td><td>{d.figure}</td><td>{d.scope}</td><td class="num">{d.value}</td><td class="num">{d.expected}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <h2>{f("cn.title")}</h2>
      {props.runUrl && (
        <form method="post" action={props.runUrl} class="inline">
          <input type="hidden" name="_csrf" value={props.csrfToken ?? ""} />
          <button type="submit" name="check" value="canary">{f("cn.run")}</button>
        </form>
      )}
      {!c && <p class="muted" data-canary="none">{f("cn.none")}</p>}
      {c?.ok && <p data-canary="ok">✓ {f("cn.ok", { at: c.at, n: c.steps })}</p>}
      {c && !c.ok && c.failure && (
        <p class="error" role="alert" data-canary="failed" data-number={c.failure.number} data-step={c.failure.step}>
          {f("cn.bad", {
            at: c.at, number: c.failure.number, step: c.failure.step,
            detail: c.failure.code ? `${f(`cn.code.${c.failure.code}` as FigureTextKey)} (${c.failure.detail})` : c.failure.detail,
          })}
        </p>
      )}
    </section>
  );
}
