// Pengawasan: Diskominfo's oversight visits to OPDs (date, officer,
// findings, follow-up). A Diskominfo device records and settles them; an
// OPD device reads the ones about itself.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { OversightVisit_Serialize as Visit } from "../bindings";
import { date, today } from "../format";
import { useCommand } from "../query";
import { Field } from "./Field";
import { RecordHistory } from "./RecordHistory";

const EMPTY = { id: "", opd: "", date: today(), officer: "", officer_nip: "", findings: "", follow_up: "", settled: false };

export function Visits({ diskominfo }: { diskominfo: boolean }) {
  const { t } = useTranslation();
  const visits = useCommand(["visits"], commands.visits);
  const regency = useCommand(["regency"], commands.regency, diskominfo);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setForm({ ...form, [k]: e.target.value });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.visitSave(form);
      setForm(EMPTY);
      setErrors({});
      setMessage("");
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  const edit = (v: Visit) => setForm({ ...v });
  return (
    <div className="card" id="visits-card">
      <h2>{t("visit.title")}</h2>
      <p className="muted">{diskominfo ? t("visit.introK") : t("visit.introOpd")}</p>
      {diskominfo && (
        <form className="grid3 visit-form" onSubmit={save}>
          <Field name="opd" label="OPD" error={errors.opd}>
            <select id="visit-opd" value={form.opd} onChange={set("opd")}>
              <option value="">{t("visit.chooseOpd")}</option>
              {(regency.data?.opds ?? []).map((o) => <option key={o.code} value={o.code}>{o.code} {o.name}</option>)}
            </select>
          </Field>
          <Field name="date" label={t("detail.date")} error={errors.date}>
            <input id="visit-date" type="date" max={today()} value={form.date} onChange={set("date")} />
          </Field>
          <Field name="officer" label={t("visit.officer")} error={errors.officer}>
            <input id="visit-officer" value={form.officer} onChange={set("officer")} />
          </Field>
          <Field name="officer_nip" label={t("visit.officerNip")} error={errors.officer_nip}>
            <input id="visit-officer-nip" className="mono" inputMode="numeric" value={form.officer_nip} onChange={set("officer_nip")} />
          </Field>
          <Field name="findings" label={t("visit.findings")} error={errors.findings}>
            <textarea id="visit-findings" rows={2} value={form.findings} onChange={set("findings")} />
          </Field>
          <Field name="follow_up" label={t("visit.followUp")}>
            <textarea id="visit-follow-up" rows={2} value={form.follow_up} onChange={set("follow_up")} />
          </Field>
          <label className="check">
            <input type="checkbox" id="visit-settled" checked={form.settled} onChange={(e) => setForm({ ...form, settled: e.target.checked })} /> {t("visit.settled")}
          </label>
          <div className="actions end">
            {form.id && <button type="button" onClick={() => setForm(EMPTY)}>{t("common.cancel")}</button>}
            <button id="visit-save" className="primary" type="submit">{form.id ? t("common.save") : t("visit.add")}</button>
          </div>
          {message && !Object.keys(errors).length && <div className="alert error wide">{message}</div>}
          {form.id && <div className="wide"><RecordHistory key={form.id} kind="visit" id={form.id} /></div>}
        </form>
      )}
      {(visits.data ?? []).length === 0 ? <p className="muted">{t("visit.none")}</p> : (
        <table className="simple" id="visits">
          <thead>
            <tr><th>{t("detail.date")}</th><th>OPD</th><th>{t("visit.officer")}</th><th>{t("visit.findings")}</th><th>{t("visit.followUp")}</th><th /></tr>
          </thead>
          <tbody>
            {(visits.data ?? []).map((v) => (
              <tr key={v.id}>
                <td>{date(v.date)}</td>
                <td>{v.opd}</td>
                <td>{v.officer}</td>
                <td>{v.findings}</td>
                <td>{v.follow_up} {v.settled ? <span className="badge on-time">{t("visit.done")}</span> : v.follow_up && <span className="badge due-due_soon">{t("visit.open")}</span>}</td>
                <td className="num">{diskominfo && <button className="link" onClick={() => edit(v)}>{t("common.edit")}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
