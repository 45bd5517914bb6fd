import type { Lang } from "../messages.ts";
import { consoleText } from "./text.ts";

/** Where the call controls take an outbound dial (their routes live under /agent/calls). */
export const DIAL_PATH = "/agent/calls/dial";

/**
 * "Call back" / "call" (A8, A10, C9): posts the number to the call controls' outbound dial (the
 * page's script sends it and shows the answer in #dial-result); until the call controls are
 * installed, a disabled button with a note (never a fake dial).
 */
export function DialButton(props: { lang: Lang; csrfToken: string; number: string; label: string; enabled: boolean; callbackId?: number }) {
  const t = consoleText(props.lang);
  if (!props.enabled) {
    return (
      <span class="dial-off">
        <button type="button" disabled data-testid="dial">{props.label}</button> <small class="muted">{t("dial.unavailable")}</small>
      </span>
    );
  }
  return (
    <form method="post" action={DIAL_PATH} data-call-action="#dial-result" class="inline">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="number" value={props.number} />
      {props.callbackId !== undefined && <input type="hidden" name="callbackId" value={String(props.callbackId)} />}
      <button type="submit" data-testid="dial">{props.label}</button>
    </form>
  );
}
