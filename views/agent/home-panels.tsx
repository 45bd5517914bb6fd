import type { Lang } from "../messages.ts";
import { clock, consoleText, percent } from "./text.ts";

/** The main screen's figures (A7): customers waiting, today's answer rate, my performance today. */
export interface FiguresView {
  waiting: number;
  longestWaitSeconds: number;
  offered: number;
  answered: number;
  answerRate: number | null;
  mine: { offered: number; answered: number; answerRate: number | null; avgTalkSeconds: number | null; outbound: number };
}

/** One day's hourly figures for the chart (index = local hour). */
export interface DaySeries {
  offered: number[];
  answered: number[];
  avgWait: (number | null)[];
  maxWait: (number | null)[];
}

/** The yesterday / today / combined chart data (A7). */
export interface ChartView {
  yesterday: DaySeries;
  today: DaySeries;
  both: DaySeries;
}

function Figure(props: { label: string; value: string | number; id?: string }) {
  return (
    <div class="figure" data-testid={props.id}>
      <span class="muted">{props.label}</span>
      <strong>{props.value}</strong>
    </div>
  );
}

/** Customers waiting, today's answer rate and my performance today; re-sent live over SSE. */
export function FiguresPanel(props: { lang: Lang; figures: FiguresView }) {
  const t = consoleText(props.lang);
  const f = props.figures;
  return (
    <section id="figures" class="card">
      <h2>{t("fig.title")}</h2>
      <div class="figures">
        <Figure id="waiting" label={t("fig.waiting")} value={f.waiting} />
        <Figure label={t("fig.maxWait")} value={clock(f.longestWaitSeconds)} />
        <Figure id="answer-rate" label={t("fig.answerRate")} value={percent(f.answerRate)} />
        <Figure label={`${t("fig.offered")} / ${t("fig.answered")}`} value={`${f.offered} / ${f.answered}`} />
      </div>
      <h3>{t("fig.mine")}</h3>
      <div class="figures">
        <Figure id="my-answered" label={`${t("fig.offered")} / ${t("fig.answered")}`} value={`${f.mine.offered} / ${f.mine.answered}`} />
        <Figure label={t("fig.answerRate")} value={percent(f.mine.answerRate)} />
        <Figure label={t("fig.talk")} value={f.mine.avgTalkSeconds === null ? "—" : clock(f.mine.avgTalkSeconds)} />
        <Figure label={t("fig.outbound")} value={f.mine.outbound} />
      </div>
    </section>
  );
}

/** The yesterday / today / combined chart of offered and answered calls and average and longest wait (uPlot, embedded). */
export function ChartPanel(props: { lang: Lang; chart: ChartView }) {
  const t = consoleText(props.lang);
  const labels = {
    offered: t("fig.offered"), answered: t("fig.answered"), avgWait: t("fig.avgWait"), maxWait: t("fig.maxWait"), wait: t("chart.waitAxis"),
  };
  return (
    <section class="card chart-card">
      <h2>{t("chart.title")}</h2>
      <div class="seg" role="radiogroup" aria-label={t("chart.title")}>
        {(["yesterday", "today", "both"] as const).map((d) => (
          <label>
            <input type="radio" name="chart-day" value={d} checked={d === "today"} data-chart-day /> {t(`chart.${d}`)}
          </label>
        ))}
      </div>
      <div id="chart" class="chart" data-chart="console" data-values={JSON.stringify(props.chart)} data-labels={JSON.stringify(labels)}></div>
    </section>
  );
}
