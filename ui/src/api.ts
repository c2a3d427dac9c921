// Calls into the Rust commands (generated bindings) and the shape of their errors.
import { commands, type ApiError, type FieldError } from "./bindings";

export { commands };

/** True when a thrown value is the app's ApiError. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** A human message for anything thrown by a command. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Field errors keyed by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isApiError(e)) for (const f of e.fields as FieldError[]) out[f.field] ??= f.message;
  return out;
}
