/** The written definition of each figure shown on a page (issue 17 point 4), Korean or English. */
export interface FigureDefinitionView {
  /** Figure id (offered, answerRate …). */
  id: string;
  label: string;
  text: string;
}

/** A folded list of the definitions of the figures a page shows. */
export function FigureDefinitionsList(props: { title: string; intro: string; items: FigureDefinitionView[] }) {
  return (
    <details class="card figure-definitions" id="figure-definitions">
      <summary>{props.title}</summary>
      <p class="muted">{props.intro}</p>
      <dl>
        {props.items.map((d) => (
          <>
            <dt id={`def-${d.id}`}>{d.label}</dt>
            <dd data-definition={d.id}>{d.text}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}
