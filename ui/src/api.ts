// Calls into the Rust commands (generated bindings) and the shape of their errors.
import { commands, type ApiError, type FieldError } from "./bindings";
import i18n from "./i18n";

export { commands };

/** True when a thrown value is the app's ApiError. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Whether messages are translated from their codes (the back end writes Indonesian). */
const translated = () => i18n.language === "en";

/** A field's problem in the UI's language, found by its stable code. */
export function fieldMessage(f: FieldError): string {
  return translated() ? i18n.t(`errors.field.${f.code}`, { defaultValue: f.message }) : f.message;
}

/** A human message for anything thrown by a command, in the UI's language. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) {
    if (!translated()) return e.message;
    const fields = e.fields as FieldError[];
    if (e.code === "validation" && fields.length === 1) return fieldMessage(fields[0]);
    return i18n.t(`errors.code.${e.code}`, { defaultValue: e.message });
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Field errors keyed by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isApiError(e)) for (const f of e.fields as FieldError[]) out[f.field] ??= fieldMessage(f);
  return out;
}
