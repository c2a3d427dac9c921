// Pemeliharaan: the maintenance plans (per category of an OPD's assets;
// per asset from the asset's page) and what they make due, most overdue
// first. Logging an entry on an asset moves its due date.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { DueItem, MaintenanceKind, MaintenancePlanInput_Deserialize as PlanInput, PlanView_Serialize as PlanView } from "../bindings";
import type { TFunction } from "i18next";
import { useChoices } from "../choices";
import { Field } from "../components/Field";
import { Visits } from "../components/Visits";
import { date, today } from "../format";
import { useCommand } from "../query";
import type { Navigate } from "../route";


/** Where a due date stands, in words: `terlambat 3 hari`, `hari ini`, `5 hari lagi`. */
export function dueLabel(t: TFunction, d: DueItem): string {
  if (d.state === "overdue") return t("maint.overdueDays", { n: -d.days });
  if (d.state === "due_soon") return d.days === 0 ? t("maint.dueToday") : t("maint.soonDays", { n: d.days });
  return t("maint.later");
}
const NEW_PLAN = { id: "", opd: "", target: "category" as const, asset_id: "", category: "komputer", kind: "virus_spam" as MaintenanceKind, every_months: "6", start: today(), note: "", active: true };

function PlanForm({ diskominfo }: { diskominfo: boolean }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const regency = useCommand(["regency"], commands.regency, diskominfo);
  const [form, setForm] = useState<typeof NEW_PLAN>(NEW_PLAN);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const set = <K extends keyof typeof NEW_PLAN>(k: K, v: (typeof NEW_PLAN)[K]) => setForm({ ...form, [k]: v });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.planSave(form as PlanInput);
      setForm(NEW_PLAN);
      setErrors({});
      setMessage("");
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  return (
    <form className="grid3 plan-form writes" onSubmit={save} id="plan-form">
      {diskominfo && (
        <Field name="opd" label="OPD" error={errors.opd}>
          <select id="plan-opd" value={form.opd} onChange={(e) => set("opd", e.target.value)}>
            <option value="">{t("maint.ownOpd")}</option>
            {(regency.data?.opds ?? []).map((o) => <option key={o.code} value={o.code}>{o.code} {o.name}</option>)}
          </select>
        </Field>
      )}
      <Field name="category" label={t("maint.category")} error={errors.category}>
        <select id="plan-category" value={form.category} onChange={(e) => set("category", e.target.value)}>
          {options("category").map((c) => <option key={c.value} value={c.value}>{label("category", c.value)}</option>)}
        </select>
      </Field>
      <Field name="kind" label={t("detail.kind")}>
        <select id="plan-kind" value={form.kind} onChange={(e) => set("kind", e.target.value as MaintenanceKind)}>
          {options("maintenance_kind").map((c) => <option key={c.value} value={c.value}>{label("maintenance_kind", c.value)}</option>)}
        </select>
      </Field>
      <Field name="every_months" label={t("maint.every")} error={errors.every_months}>
        <input id="plan-every" inputMode="numeric" value={form.every_months} onChange={(e) => set("every_months", e.target.value)} />
      </Field>
      <Field name="start" label={t("maint.start")} error={errors.start}>
        <input id="plan-start" type="date" value={form.start} onChange={(e) => set("start", e.target.value)} />
      </Field>
      <Field name="note" label={t("maint.note")}>
        <input id="plan-note" value={form.note} onChange={(e) => set("note", e.target.value)} />
      </Field>
      <div className="actions end">
        <button id="plan-save" className="primary" type="submit">{t("maint.addPlan")}</button>
      </div>
      {message && !Object.keys(errors).length && <div className="alert error wide">{message}</div>}
    </form>
  );
}

function PlanList({ plans }: { plans: PlanView[] }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const toggle = async (p: PlanView) => {
    await commands.planSave({ ...p, every_months: String(p.every_months), active: !p.active });
  };
  if (plans.length === 0) return <p className="muted">{t("maint.noPlans")}</p>;
  return (
    <table className="simple" id="plans">
      <thead>
        <tr><th>OPD</th><th>{t("maint.covers")}</th><th>{t("detail.kind")}</th><th className="num">{t("maint.every")}</th><th>{t("maint.start")}</th><th className="num">{t("maint.assets")}</th><th /></tr>
      </thead>
      <tbody>
        {plans.map((p) => (
          <tr key={p.id} className={p.active ? "" : "muted"}>
            <td>{p.opd}</td>
            <td>{p.covers}</td>
            <td>{label("maintenance_kind", p.kind)}</td>
            <td className="num">{p.every_months}</td>
            <td>{date(p.start)}</td>
            <td className="num">{p.assets}</td>
            <td className="num"><button className="link writes" onClick={() => void toggle(p)}>{p.active ? t("maint.stop") : t("maint.resume")}</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The longest list drawn at once; the count says how many there are. */
const SHOWN = 300;

export function MaintenancePage({ diskominfo, navigate }: { diskominfo: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const [all, setAll] = useState(false);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const plans = useCommand(["plans"], commands.plans);
  const due = useCommand(["maintenance-due", all], () => commands.maintenanceDue(null, all));
  const rows = (due.data ?? []).filter((d) => !overdueOnly || d.state === "overdue");
  const overdue = (due.data ?? []).filter((d) => d.state === "overdue").length;
  return (
    <div className="page">
      <h1>{t("maint.title")}</h1>
      <p className="muted">{t("maint.intro")}</p>
      <div className="card">
        <div className="card-head">
          <h2>{t("maint.due")}</h2>
          <span className="muted" id="due-count">{t("maint.dueCount", { n: rows.length, overdue })}</span>
        </div>
        <div className="filters">
          <label className="check"><input type="checkbox" id="due-overdue" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> {t("maint.overdueOnly")}</label>
          <label className="check"><input type="checkbox" id="due-all" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t("maint.showAll")}</label>
        </div>
        {due.error && <div className="alert error">{due.error}</div>}
        {rows.length === 0 ? <p className="muted">{t("maint.nothingDue")}</p> : (
          <table className="simple" id="due">
            <thead>
              <tr><th /><th>OPD</th><th>{t("reg.asset")}</th><th>{t("maint.room")}</th><th>{t("detail.kind")}</th><th>{t("maint.last")}</th><th>{t("maint.dueOn")}</th></tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN).map((d) => (
                <tr key={`${d.plan_id}-${d.asset_id}`} className={`due-${d.state}`}>
                  <td><span className={`badge due-${d.state}`}>{dueLabel(t, d)}</span></td>
                  <td>{d.opd}</td>
                  <td><button className="link" onClick={() => navigate({ page: "asset", id: d.asset_id })}>{d.asset}</button></td>
                  <td>{d.room}</td>
                  <td>{label("maintenance_kind", d.kind)}</td>
                  <td>{d.last_done ? date(d.last_done) : "—"}</td>
                  <td>{date(d.due)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length > SHOWN && <p className="muted">{t("maint.more", { n: rows.length - SHOWN })}</p>}
      </div>
      <div className="card">
        <h2>{t("maint.plans")}</h2>
        <p className="muted">{t("maint.plansIntro")}</p>
        <PlanForm diskominfo={diskominfo} />
        <PlanList plans={plans.data ?? []} />
      </div>
      <Visits diskominfo={diskominfo} />
    </div>
  );
}
