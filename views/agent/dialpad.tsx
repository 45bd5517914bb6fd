import type { Lang } from "../messages.ts";
import { DIAL_PATH } from "./dial-button.tsx";
import { consoleText } from "./text.ts";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"] as const;

/**
 * The dialpad and redial (A4, C9) on the main screen: a number field (a phone's own keypad on a
 * phone), the keys for a mouse, "call" and "redial" with the last number the agent dialled. Both post
 * to the call controls' dial (the page's script shows the answer or the refusal, e.g. international,
 * in #pad-result); the call itself goes through the service's trunk with its caller ID.
 */
export function Dialpad(props: { lang: Lang; csrfToken: string; lastDialled: string | null; enabled: boolean }) {
  const t = consoleText(props.lang);
  if (!props.enabled) return <></>;
  return (
    <section class="card dialpad" id="dialpad" data-testid="dialpad">
      <h2>{t("pad.title")}</h2>
      <form method="post" action={DIAL_PATH} data-call-action="#pad-result">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <label>
          {t("pad.number")}
          <input type="tel" name="number" inputmode="tel" autocomplete="off" maxlength={32} required class="mono" data-testid="pad-number" />
        </label>
        <div class="keys" role="group" aria-label={t("pad.title")}>
          {KEYS.map((k) => (
            <button type="button" class="secondary key" data-pad-key={k} data-testid={`pad-key-${k}`}>{k}</button>
          ))}
        </div>
        <div class="actions">
          <button type="submit" data-testid="pad-dial">{t("pad.dial")}</button>
          <button type="reset" class="secondary">{t("pad.clear")}</button>
        </div>
      </form>
      {props.lastDialled && (
        <form method="post" action={DIAL_PATH} data-call-action="#pad-result" class="inline">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="number" value={props.lastDialled} />
          <button type="submit" class="secondary" data-testid="pad-redial">{t("pad.redial", { number: props.lastDialled })}</button>
        </form>
      )}
      <p id="pad-result" class="muted small" role="status" data-testid="pad-result"></p>
      <p class="muted small">{t("pad.hint")}</p>
      {/* The keys' script (no inline script under the CSP); it guards against running twice. */}
      <script src="/agent/assets/dialpad.js" defer></script>
    </section>
  );
}
