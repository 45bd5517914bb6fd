import type { Child } from "hono/jsx";
import { errorText, type SettingsText } from "./text.ts";

/** Field errors of a form: field name → error key (from the server's zod messages). */
export type FieldErrors = Record<string, string>;

/**
 * How an area's pages turn an error key into a message: the settings' words by default, or another
 * area's (the organization pages bind theirs in views/org/org-fields.tsx). One set of form
 * components serves every area.
 */
export type ErrorWords = (key: string, vars?: Record<string, string | number>) => string;

/** The words of a field error: a "too long" with a known limit says the limit (issue 9: messages that teach). */
function errorMessage(p: { s?: SettingsText; words?: ErrorWords; key: string; vars?: Record<string, string | number>; max?: number }): string {
  const [key, vars] = p.key === "tooLong" && p.max ? ["tooLongMax", { ...p.vars, max: p.max }] : [p.key, p.vars];
  return p.words ? p.words(key, vars) : errorText(p.s!, key, vars);
}

/** The hidden CSRF field every form carries (X4). */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/**
 * A one-button form posting to `action` (remove, block, reset …): CSRF field, any hidden fields, the
 * button. `confirm` is the question asked before it posts (what will be lost), by /admin/ops-assets/confirm.js.
 */
export function PostButton(props: { action: string; token: string; label: string; kind?: "danger" | "secondary"; confirm?: string; disabled?: boolean; children?: Child }) {
  return (
    <form method="post" action={props.action} class="inline" data-confirm={props.confirm}>
      <Csrf token={props.token} />
      {props.children}
      <button type="submit" class={props.kind ?? "danger"} disabled={props.disabled}>
        {props.label}
      </button>
    </form>
  );
}

/** The error message of a field, next to it (`role="alert"` so screen readers announce it). */
export function FieldError(props: { s?: SettingsText; words?: ErrorWords; errors?: FieldErrors; name: string; vars?: Record<string, string | number>; max?: number }) {
  const key = props.errors?.[props.name];
  if (!key) return null;
  return (
    <span class="error" id={`${props.name}-error`} role="alert">
      {errorMessage({ ...props, key })}
    </span>
  );
}

/** The form-level error: the rules that name no field of the form, in one line. */
export function FormError(props: { s?: SettingsText; words?: ErrorWords; errors?: FieldErrors; fields: readonly string[] }) {
  const other = Object.entries(props.errors ?? {}).filter(([k]) => !props.fields.includes(k));
  if (!other.length) return null;
  return (
    <p class="error" role="alert">
      {other.map(([, key]) => errorMessage({ ...props, key })).join(" ")}
    </p>
  );
}

/** A labelled text input with its error message. */
export function Field(props: {
  s?: SettingsText;
  words?: ErrorWords;
  label: string;
  name: string;
  value?: string | number;
  errors?: FieldErrors;
  type?: string;
  required?: boolean;
  maxlength?: number;
  placeholder?: string;
  hint?: Child;
  vars?: Record<string, string | number>;
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
        placeholder={props.placeholder}
        readonly={props.readonly}
        autocomplete={props.autocomplete}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={bad ? `${props.name}-error` : undefined}
      />
      {props.hint && <small class="muted">{props.hint}</small>}
      <FieldError s={props.s} words={props.words} errors={props.errors} name={props.name} vars={props.vars} max={props.maxlength} />
    </label>
  );
}

/** A labelled select with its error message. */
export function Select(props: {
  s: SettingsText;
  label: string;
  name: string;
  value?: string;
  options: [string, string][];
  errors?: FieldErrors;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === props.value}>
            {text}
          </option>
        ))}
      </select>
      <FieldError s={props.s} errors={props.errors} name={props.name} />
    </label>
  );
}

/** A notice box (saved, or a secret shown once). */
export function Notice(props: { children?: Child; kind?: "ok" | "secret" }) {
  return (
    <div class={`notice ${props.kind ?? "ok"}`} role="status">
      {props.children}
    </div>
  );
}
