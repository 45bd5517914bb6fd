import type { Child } from "hono/jsx";
import { orgError, type OrgText } from "./text.ts";

/** Field errors of a form: field name → error key. */
export type OrgErrors = Record<string, string>;

/** The hidden CSRF field every form carries (X4). */
export function OrgCsrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A field's error message, next to it (announced by screen readers). */
export function OrgFieldError(props: { o: OrgText; errors?: OrgErrors; name: string }) {
  const key = props.errors?.[props.name];
  if (!key) return null;
  return (
    <span class="error" id={`${props.name}-error`} role="alert">
      {orgError(props.o, key)}
    </span>
  );
}

/** A labelled input with its hint and error. */
export function OrgField(props: {
  o: OrgText;
  label: string;
  name: string;
  value?: string | number;
  errors?: OrgErrors;
  type?: string;
  required?: boolean;
  maxlength?: number;
  hint?: Child;
  readonly?: boolean;
  autocomplete?: string;
}) {
  const bad = Boolean(props.errors?.[props.name]);
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? "text"}
        name={props.name}
        value={props.value === undefined ? "" : String(props.value)}
        required={props.required}
        maxlength={props.maxlength}
        readonly={props.readonly}
        autocomplete={props.autocomplete}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={bad ? `${props.name}-error` : undefined}
      />
      {props.hint && <small class="muted">{props.hint}</small>}
      <OrgFieldError o={props.o} errors={props.errors} name={props.name} />
    </label>
  );
}

/** A one-button form (state change, remove …). */
export function OrgPostButton(props: { action: string; token: string; label: string; kind?: "danger" | "secondary"; disabled?: boolean; children?: Child }) {
  return (
    <form method="post" action={props.action} class="inline">
      <OrgCsrf token={props.token} />
      {props.children}
      <button type="submit" class={props.kind ?? "secondary"} disabled={props.disabled}>
        {props.label}
      </button>
    </form>
  );
}

/** A notice (saved, or a secret shown once). */
export function OrgNotice(props: { kind?: "ok" | "secret"; children?: Child }) {
  return (
    <div class={`notice ${props.kind ?? "ok"}`} role="status">
      {props.children}
    </div>
  );
}

/** The form-level error (a rule that names no field of the form). */
export function OrgFormError(props: { o: OrgText; errors?: OrgErrors; fields: readonly string[] }) {
  const other = Object.entries(props.errors ?? {}).filter(([k]) => !props.fields.includes(k));
  if (!other.length) return null;
  return (
    <p class="error" role="alert">
      {other.map(([, v]) => orgError(props.o, v)).join(" ")}
    </p>
  );
}
