// An asset's loans (dipinjam): lend it to a borrower until a date, record
// its return, and see past loans; a loan past its due date shows late.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { AssetDetail_Serialize as Detail } from "../bindings";
import { date, today } from "../format";
import { Field } from "./Field";

/** Whole days from `due` (YYYY-MM-DD) to today, 0 when not late. */
export function daysLate(due: string, now = today()): number {
  const ms = Date.parse(`${now}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.round(ms / 86_400_000));
}

export function Loans({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const open = d.loans.find((l) => !l.returned_on);
  const [form, setForm] = useState({ name: "", nip: "", due: "" });
  const [back, setBack] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setErrors({});
      setMessage("");
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  const lend = (e: React.FormEvent) => {
    e.preventDefault();
    void run(() => commands.loanLend({ asset_id: d.asset.id, borrower: { name: form.name, nip: form.nip, role: "" }, lent_on: today(), due_on: form.due, note: "" }));
  };
  const late = open ? daysLate(open.due_on) : 0;
  return (
    <div className="card" id="asset-loans">
      <h2>{t("loan.title")}</h2>
      {open ? (
        <div className={late > 0 ? "alert warn" : "alert ok"} id="loan-open">
          <span>{t("loan.lentTo", { name: open.borrower.name, due: date(open.due_on) })}{late > 0 && <strong> · {t("loan.late", { n: late })}</strong>}</span>
          <div className="actions">
            <input id="loan-back-date" type="date" value={back} max={today()} onChange={(e) => setBack(e.target.value)} aria-label={t("loan.returnedOn")} />
            <button id="loan-return" onClick={() => void run(() => commands.loanReturn(open.id, back))}>{t("loan.return")}</button>
          </div>
        </div>
      ) : d.asset.lifecycle !== "dihapus" && (
        <form className="grid3" id="loan-form" onSubmit={lend}>
          <Field name="borrower.name" label={t("loan.borrower")} error={errors["borrower.name"]}>
            <input id="loan-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </Field>
          <Field name="borrower.nip" label="NIP" error={errors["borrower.nip"]}>
            <input id="loan-nip" className="mono" inputMode="numeric" value={form.nip} onChange={(e) => setForm({ ...form, nip: e.target.value })} />
          </Field>
          <Field name="due_on" label={t("loan.due")} error={errors.due_on}>
            <input id="loan-due" type="date" min={today()} value={form.due} onChange={(e) => setForm({ ...form, due: e.target.value })} />
          </Field>
          <div className="actions wide"><button id="loan-lend" type="submit">{t("loan.lend")}</button></div>
        </form>
      )}
      {message && !Object.keys(errors).length && <div className="alert error">{message}</div>}
      {d.loans.filter((l) => l.returned_on).length > 0 && (
        <table className="simple" id="loan-history">
          <tbody>
            {d.loans.filter((l) => l.returned_on).map((l) => (
              <tr key={l.id}><td>{l.borrower.name}</td><td>{date(l.lent_on)} – {date(l.returned_on)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
