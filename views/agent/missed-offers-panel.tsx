/** One offer the agent did not take, in plain words (cc's trail line; views do not import cc). */
export interface MissedOfferView {
  callId: string;
  time: string;
  outcome: string;
  text: string;
}

const T = {
  ko: { title: "놓친 연결 (최근 24시간)", none: "놓친 연결이 없습니다.", hint: "벨이 울렸지만 받지 못한 전화와 그 이유" },
  en: { title: "Missed offers (last 24 hours)", none: "No missed offers.", hint: "Calls that rang for you but were not taken, and why" },
} as const;

/** The console's missed offers (issue 17 point 3): each offer the agent did not take and why. */
export function MissedOffersPanel(props: { lang: string; offers: readonly MissedOfferView[] }) {
  const t = T[props.lang === "ko" ? "ko" : "en"];
  return (
    <section class="card" id="missed-offers" data-testid="missed-offers">
      <h2>{t.title}</h2>
      <p class="muted">{t.hint}</p>
      {props.offers.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul>
          {props.offers.map((o) => (
            <li data-outcome={o.outcome}>
              <span class="mono">{o.time}</span> {o.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
