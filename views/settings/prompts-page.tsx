import { Csrf, FieldError, Notice, type FieldErrors } from "./fields.tsx";
import { ServiceLayout, type ServiceFrame } from "./service-layout.tsx";
import { settingsText, type SettingsKey } from "./text.ts";
import { setupText } from "../setup/setup-text.ts";

/** The prompts a service edits here (G3, G4, C6), with their message keys. */
export const EDITABLE_PROMPTS = [
  ["greeting", "prompt.greeting"],
  ["menu", "prompt.menu"],
  ["connecting", "prompt.connecting"],
  ["delay", "prompt.delay"],
  ["callback-offer", "prompt.callbackOffer"],
  ["callback-accepted", "prompt.callbackAccepted"],
] as const satisfies readonly (readonly [string, SettingsKey])[];

/** One prompt's card: its current text or upload, and the text in the editor. */
export interface PromptCard {
  id: string;
  text: string;
  source?: "tts" | "upload";
  file?: string;
}

export interface PromptsProps {
  frame: ServiceFrame;
  cards: PromptCard[];
  tts: boolean;
  /** The card the errors, the preview or the saved notice belong to. */
  focus?: string;
  errors?: FieldErrors;
  previewUrl?: string;
  saved?: boolean;
  /** Whether the current audio of each prompt can be played in the page (issue 9). */
  playable?: boolean;
}

/** Greeting and other prompts (G3, G4, M6): TTS text up to 200 characters with preview and default text, or an upload. */
export function PromptsSection(props: PromptsProps) {
  const s = settingsText(props.frame.lang);
  const u = setupText(props.frame.lang);
  const base = `/admin/services/${props.frame.service.serviceId}/prompts`;
  const token = props.frame.user.csrfToken;
  return (
    <section id="area">
      {!props.tts && <p class="note">{s("prompts.noTts")}</p>}
      {EDITABLE_PROMPTS.map(([id, key]) => {
        const card = props.cards.find((c) => c.id === id) ?? { id, text: "" };
        const mine = props.focus === id;
        return (
          <article class="card prompt" id={`prompt-${id}`}>
            <h2>{s(key)}</h2>
            {mine && props.saved && <Notice>{s("saved")}</Notice>}
            <p class="muted">
              {card.source
                ? s("prompts.current", { source: card.source === "upload" ? `${s("prompts.upload")} · ${card.file ?? ""}` : s("prompts.tts") })
                : u("prompt.default")}
            </p>
            <form method="post" action={`${base}/${id}`}>
              <Csrf token={token} />
              <label>
                {s("prompts.tts")} — {s("prompts.text")}
                <textarea name="text" maxlength={200} rows={3} aria-invalid={mine && props.errors?.text ? "true" : undefined}>{card.text}</textarea>
                {mine && <FieldError s={s} errors={props.errors} name="text" />}
              </label>
              <div class="toolbar">
                <button type="submit" name="op" value="preview" class="secondary" disabled={!props.tts}>▶ {s("prompts.preview")}</button>
                <button type="submit" name="op" value="default" class="secondary">{s("prompts.default")}</button>
                <button type="submit" name="op" value="save">{s("save")}</button>
              </div>
              {mine && props.previewUrl && <audio controls autoplay src={props.previewUrl}></audio>}
            </form>
            <form method="post" action={`${base}/${id}/upload`} enctype="multipart/form-data" class="toolbar">
              <Csrf token={token} />
              <label class="inline">
                {s("prompts.file")} <input type="file" name="file" accept=".wav,.mp3,audio/wav,audio/mpeg" />
              </label>
              <button type="submit" class="secondary">{s("prompts.upload")}</button>
              {mine && <FieldError s={s} errors={props.errors} name="file" />}
            </form>
            {/* After the forms, so a preview player comes first in the card. */}
            {props.playable && (
              <p class="current-audio">
                <span class="muted">{u("prompt.listen")}</span>{" "}
                <audio controls preload="none" src={`${base}/${id}/current.wav${mine && props.saved ? `?v=${Date.now()}` : ""}`} data-current={id}></audio>
              </p>
            )}
          </article>
        );
      })}
    </section>
  );
}

/** The prompts page. */
export function PromptsPage(props: PromptsProps) {
  return (
    <ServiceLayout {...props.frame} area="prompts">
      <PromptsSection {...props} />
    </ServiceLayout>
  );
}
