// A labelled form field with its inline error and hint.
import type { ReactNode } from "react";

export function Field(props: { name: string; label: string; error?: string; hint?: string; wide?: boolean; children: ReactNode }) {
  return (
    <label className={`field${props.error ? " invalid" : ""}${props.wide ? " wide" : ""}`} data-field={props.name}>
      <span className="field-label">{props.label}</span>
      {props.children}
      {props.error ? (
        <span className="field-error" id={`error-${props.name}`} role="alert">{props.error}</span>
      ) : props.hint ? (
        <span className="field-hint">{props.hint}</span>
      ) : null}
    </label>
  );
}
