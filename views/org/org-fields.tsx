import type { Child } from "hono/jsx";
import { Csrf, Field, FieldError, FormError, Notice, PostButton, type ErrorWords } from "../settings/fields.tsx";
import { orgError, type OrgText } from "./text.ts";

/**
 * The organization pages' form components: the one set in views/settings/fields.tsx, bound to the
 * organization's words (a field error key reads as the org pages' message).
 */

/** Field errors of a form: field name → error key. */
export type OrgErrors = Record<string, string>;

const wordsOf = (o: OrgText): ErrorWords => (key, vars) => orgError(o, key, vars);

/** The hidden CSRF field every form carries (X4). */
export const OrgCsrf = Csrf;

/** A notice (saved, or a secret shown once). */
export const OrgNotice = Notice;

/** A field's error message, next to it (announced by screen readers); "too long" says the limit when `max` is given. */
export function OrgFieldError(props: { o: OrgText; errors?: OrgErrors; name: string; max?: number }) {
  return <FieldError words={wordsOf(props.o)} errors={props.errors} name={props.name} max={props.max} />;
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
  const { o, ...rest } = props;
  return <Field words={wordsOf(o)} {...rest} />;
}

/** A one-button form (state change, remove …); `confirm` asks first, saying what will be lost. */
export function OrgPostButton(props: { action: string; token: string; label: string; kind?: "danger" | "secondary"; disabled?: boolean; confirm?: string; children?: Child }) {
  return <PostButton {...props} kind={props.kind ?? "secondary"} />;
}

/** The form-level error (a rule that names no field of the form). */
export function OrgFormError(props: { o: OrgText; errors?: OrgErrors; fields: readonly string[] }) {
  return <FormError words={wordsOf(props.o)} errors={props.errors} fields={props.fields} />;
}
