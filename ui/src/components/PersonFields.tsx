// The fields of a person: name, NIP, role, PIN twice. Used at first run
// and when an administrator adds someone in Settings.
import { useTranslation } from "react-i18next";
import type { PersonInput, Role } from "../bindings";
import { useChoices } from "../choices";
import { Field } from "./Field";

export const EMPTY_PERSON: PersonInput = { name: "", nip: "", role: "admin_opd", pin: "", pin_again: "" };

export function PersonFields(props: {
  value: PersonInput;
  onChange: (next: PersonInput) => void;
  errors: Record<string, string>;
  /** Roles offered (all when absent). */
  roles?: Role[];
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const choices = useChoices();
  const p = props.value;
  const set = (k: keyof PersonInput) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    props.onChange({ ...p, [k]: e.target.value });
  const roles = choices.options("role").filter((c) => !props.roles || props.roles.includes(c.value as Role));
  return (
    <div className="grid2">
      <Field name="name" label={t("people.name")} error={props.errors.name}>
        <input id={`${props.idPrefix}-name`} value={p.name} onChange={set("name")} autoComplete="name" />
      </Field>
      <Field name="nip" label={t("people.nip")} error={props.errors.nip}>
        <input id={`${props.idPrefix}-nip`} value={p.nip} onChange={set("nip")} inputMode="numeric" className="mono" placeholder="19850312 201001 2 004" />
      </Field>
      <Field name="role" label={t("people.role")} error={props.errors.role}>
        <select id={`${props.idPrefix}-role`} value={p.role} onChange={set("role")}>
          {roles.map((c) => (
            <option key={c.value} value={c.value}>{choices.label("role", c.value)}</option>
          ))}
        </select>
      </Field>
      <div />
      <Field name="pin" label={t("people.pin")} error={props.errors.pin}>
        <input id={`${props.idPrefix}-pin`} type="password" inputMode="numeric" autoComplete="new-password" value={p.pin} onChange={set("pin")} />
      </Field>
      <Field name="pin_again" label={t("people.pinAgain")} error={props.errors.pin_again}>
        <input id={`${props.idPrefix}-pin-again`} type="password" inputMode="numeric" autoComplete="new-password" value={p.pin_again} onChange={set("pin_again")} />
      </Field>
    </div>
  );
}
