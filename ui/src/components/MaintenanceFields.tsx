// The fields of one maintenance entry: an asset's log and the list's bulk
// "log maintenance" action fill the same form.
import { useTranslation } from "react-i18next";
import type { MaintenanceKind } from "../bindings";
import { useChoices } from "../choices";
import { today } from "../format";
import { Field } from "./Field";

export type MaintenanceForm = { kind: MaintenanceKind; date: string; technician: string; result: string; cost: string; funding: string };

export const newMaintenance = (): MaintenanceForm => ({ kind: "perangkat_keras", date: today(), technician: "", result: "", cost: "", funding: "" });

export function MaintenanceFields(props: { form: MaintenanceForm; setForm: (f: MaintenanceForm) => void; errors: Record<string, string>; idPrefix?: string }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const { form, setForm, errors } = props;
  const id = (name: string) => `${props.idPrefix ?? "maint"}-${name}`;
  return (
    <>
      <Field name="kind" label={t("detail.kind")}>
        <select id={id("kind")} value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as MaintenanceKind })}>
          {options("maintenance_kind").map((c) => (
            <option key={c.value} value={c.value}>{label("maintenance_kind", c.value)}</option>
          ))}
        </select>
      </Field>
      <Field name="date" label={t("detail.date")} error={errors.date}>
        <input id={id("date")} type="date" value={form.date} max={today()} onChange={(e) => setForm({ ...form, date: e.target.value })} />
      </Field>
      <Field name="technician" label={t("detail.technician")} error={errors.technician}>
        <input id={id("technician")} value={form.technician} onChange={(e) => setForm({ ...form, technician: e.target.value })} />
      </Field>
      <Field name="result" label={t("detail.result")} error={errors.result}>
        <input id={id("result")} value={form.result} onChange={(e) => setForm({ ...form, result: e.target.value })} />
      </Field>
      <Field name="cost" label={t("detail.cost")} error={errors.cost}>
        <input id={id("cost")} inputMode="numeric" placeholder="350.000" value={form.cost} onChange={(e) => setForm({ ...form, cost: e.target.value })} />
      </Field>
      <Field name="funding" label={t("detail.funding")} error={errors.funding}>
        <input id={id("funding")} placeholder="APBD 2026" value={form.funding} onChange={(e) => setForm({ ...form, funding: e.target.value })} />
      </Field>
    </>
  );
}
