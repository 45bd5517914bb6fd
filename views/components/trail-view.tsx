/** One step of a call's decision trail in plain words (cc's TrailLine; views do not import cc). */
export interface TrailLineView {
  seq: number;
  time: string;
  step: string;
  text: string;
  agents?: string[];
}

const TITLE = { ko: "경로 설명 (왜 이렇게 연결되었나)", en: "Routing trail (why the call went where it went)" } as const;
const EMPTY = { ko: "기록된 경로가 없습니다 (이 기능 이전의 통화).", en: "No trail recorded (a call from before this feature)." } as const;

/**
 * A call's decision trail (issue 17 point 3): number and service, hours verdict and its rule, keys,
 * queue, each offer round with every agent and why, offers' results, callback; an outbound call's
 * dial, rule, caps, caller ID, trunks tried and far-end result; an internal call's extension; end.
 */
export function TrailView(props: { lang: "ko" | "en"; lines: readonly TrailLineView[]; title?: boolean }) {
  return (
    <section class="card" data-testid="call-trail">
      {props.title === false ? null : <h2>{TITLE[props.lang]}</h2>}
      {props.lines.length === 0 ? (
        <p class="muted">{EMPTY[props.lang]}</p>
      ) : (
        <ol class="trail">
          {props.lines.map((l) => (
            <li data-step={l.step}>
              <span class="mono">{l.time}</span> {l.text}
              {l.agents?.length ? (
                <ul>
                  {l.agents.map((a) => (
                    <li data-testid="trail-agent">{a}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
