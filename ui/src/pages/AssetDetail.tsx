// One asset: its fields, its whole change history (read from the Automerge
// changes: what changed, on which device, when) and its maintenance log.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, fieldErrors } from "../api";
import { useCommand } from "../query";
import type { AssetDetail_Serialize as Detail, MaintenanceKind } from "../bindings";
import type { Navigate } from "../route";
import { date, nip, rupiah, today } from "../format";
import { ConditionBadge, StatusBadge } from "../components/Badges";
import { Field } from "../components/Field";
import { Loans } from "../components/Loans";
import { MaintenanceFields, newMaintenance, type MaintenanceForm } from "../components/MaintenanceFields";
import { Conflicts } from "../components/Conflicts";
import { RecordConflicts } from "../components/RecordConflicts";
import { History } from "../components/History";
import { RegistrationCard } from "../components/RegistrationCard";
import { RecordHistory } from "../components/RecordHistory";
import { useChoices } from "../choices";
import { dueLabel } from "./MaintenancePage";


export function AssetDetail({ id, navigate }: { id: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const { data: d, error } = useCommand(["asset", id], () => commands.assetDetail(id));
  if (error) return <div className="alert error">{error}</div>;
  if (!d) return <div className="muted">{t("common.loading")}</div>;
  const a = d.asset;
  const row = (label: string, value: React.ReactNode, mono = false) => (
    <div className="kv">
      <span>{label}</span>
      <strong className={mono ? "mono" : ""}>{value || t("common.none")}</strong>
    </div>
  );
  const fieldLabel = (f: string) => (t(`form.${f}`, { defaultValue: f }) as string);
  const shown = (field: string, v: string) => {
    if (!v) return t("detail.empty");
    if (field === "holder_nip") return nip(v);
    if (field === "harga") return rupiah(Number(v));
    if (field === "condition") return `${v} — ${label("condition", v)}`;
    if (field === "lifecycle") return label("lifecycle", v);
    if (field === "room_id") return v === d.room?.id ? d.room.short_code : t("detail.otherRoom");
    return v;
  };

  return (
    <div className="page detail-page">
      <div className="page-head">
        <div>
          <button className="link" id="detail-back" onClick={() => navigate({ page: "assets" })}>← {t("nav.assets")}</button>
          <h1 id="detail-title">
            {a.nama} <span className="muted">{a.merk_type}</span> <ConditionBadge code={a.condition} /> <StatusBadge status={a.lifecycle} />
          </h1>
          <div className="mono muted" id="detail-tag">{a.kode_barang}.{a.nomor_register}{a.kode_barang_lama && ` · ${a.kode_barang_lama}`}</div>
        </div>
        <div className="actions">
          <button id="asset-tag" onClick={() => navigate({ page: "tags", assetIds: [a.id] })}>{t("tags.print")}</button>
          <button id="asset-edit" className="primary writes" onClick={() => navigate({ page: "asset-form", id: a.id })}>{t("common.edit")}</button>
        </div>
      </div>
      <Conflicts id={a.id} />
      <RecordConflicts id={a.id} navigate={navigate} />
      <div className="detail-grid">
        <div className="card">
          <h2>{t("form.sections.identity")}</h2>
          {row(t("form.tahun"), a.tahun)}
          {row(t("form.harga"), rupiah(a.harga))}
          {row(t("form.nomor_pabrik"), a.nomor_pabrik, true)}
          {row(t("form.asal_usul"), a.asal_usul)}
          {row(t("form.keterangan"), a.keterangan)}
        </div>
        <div className="card">
          <h2>{t("form.sections.placement")}</h2>
          {row(t("form.room_id"), d.room ? `${d.room.short_code} — ${d.room.name}` : "")}
          {row(t("form.holder_name"), a.holder_nip
            ? <button className="link" id="detail-holder" onClick={() => navigate({ page: "holder", nip: a.holder_nip })}>{a.holder_name || a.holder_nip}</button>
            : <span id="detail-holder">{a.holder_name || t("common.none")}</span>)}
          {row(t("form.holder_nip"), nip(a.holder_nip), true)}
          {row(t("form.condition"), `${a.condition} — ${label("condition", a.condition)}`)}
          {row(t("form.lifecycle"), label("lifecycle", a.lifecycle))}
          {a.lifecycle === "dihapus" && row(t("form.disposal_reason"), a.disposal_reason)}
        </div>
        <div className="card">
          <h2>{t("form.sections.network")}</h2>
          {row(t("form.hostname"), a.hostname, true)}
          {row(t("form.ip"), a.ip, true)}
          {row(t("form.mac"), a.mac, true)}
          {row(t("form.cpu"), a.cpu)}
          {row(`${t("form.ram")} / ${t("form.storage")}`, [a.ram, a.storage].filter(Boolean).join(" · "))}
          {row(t("form.os"), a.os)}
        </div>
      </div>
      <RegistrationCard asset={a} />
      <div className="detail-grid two">
        <div className="card">
          <h2>{t("detail.history")}</h2>
          <History
            entries={d.history}
            created={["asset.create", "import", "demo"]}
            label={fieldLabel}
            shown={shown}
          />
        </div>
        <Maintenance d={d} />
        <AssetPlans d={d} />
        <Loans d={d} />
      </div>
    </div>
  );
}

function Maintenance({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const [form, setForm] = useState<MaintenanceForm>(newMaintenance);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [open, setOpen] = useState(false);
  // The entry being corrected, or null for a new one.
  const [editing, setEditing] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setEditing(null);
    setErrors({});
    setForm(newMaintenance());
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const input = { ...form, asset_id: d.asset.id };
      if (editing) await commands.maintenanceUpdate(editing, input);
      else await commands.maintenanceAdd(input);
      close();
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };
  const edit = (m: Detail["maintenance"][number]) => {
    setForm({ kind: m.kind, date: m.date, technician: m.technician, result: m.result, cost: m.cost == null ? "" : String(m.cost), funding: m.funding });
    setEditing(m.id);
    setOpen(true);
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>{t("detail.maintenance")}</h2>
        {!open && <button id="maint-add" className="writes" onClick={() => setOpen(true)}>+ {t("detail.addMaintenance")}</button>}
      </div>
      {open && (
        <form className="grid2 maint-form" onSubmit={save}>
          <MaintenanceFields form={form} setForm={setForm} errors={errors} />
          <div className="actions wide">
            <button type="button" onClick={close}>{t("common.cancel")}</button>
            <button id="maint-save" className="primary" type="submit">{t("common.save")}</button>
          </div>
          {editing && <div className="wide"><RecordHistory key={editing} kind="maintenance" id={editing} /></div>}
        </form>
      )}
      {d.maintenance.length === 0 ? (
        <p className="muted">{t("detail.noMaintenance")}</p>
      ) : (
        <ul className="maint-list">
          {d.maintenance.map((m) => (
            <li key={m.id}>
              <span className={`badge kind-${m.kind}`}>{label("maintenance_kind", m.kind)}</span>
              <strong>{date(m.date)}</strong> · {m.technician}
              {m.cost != null && <> · {rupiah(m.cost)}</>}
              {m.funding && <span className="muted"> ({m.funding})</span>}
              {!open && <button className="link writes" onClick={() => edit(m)}>{t("common.edit")}</button>}
              <div>{m.result}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The asset's maintenance schedule: when each plan covering it is due,
 * and a plan for this asset alone. */
function AssetPlans({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const due = useCommand(["maintenance-due", d.asset.id], () => commands.maintenanceDue(d.asset.id, true));
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ kind: "perangkat_keras" as MaintenanceKind, every_months: "12", start: today() });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.planSave({ ...form, target: "asset", asset_id: d.asset.id, opd: d.asset.opd, active: true });
      setOpen(false);
      setErrors({});
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };
  const rows = due.data ?? [];
  return (
    <div className="card" id="asset-plans">
      <div className="card-head">
        <h2>{t("maint.schedule")}</h2>
        {!open && <button id="asset-plan-add" className="writes" onClick={() => setOpen(true)}>+ {t("maint.planThis")}</button>}
      </div>
      {open && (
        <form className="grid3" onSubmit={save}>
          <Field name="kind" label={t("detail.kind")}>
            <select id="asset-plan-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as MaintenanceKind })}>
              {options("maintenance_kind").map((c) => <option key={c.value} value={c.value}>{label("maintenance_kind", c.value)}</option>)}
            </select>
          </Field>
          <Field name="every_months" label={t("maint.every")} error={errors.every_months}>
            <input id="asset-plan-every" inputMode="numeric" value={form.every_months} onChange={(e) => setForm({ ...form, every_months: e.target.value })} />
          </Field>
          <Field name="start" label={t("maint.start")} error={errors.start}>
            <input id="asset-plan-start" type="date" value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} />
          </Field>
          <div className="actions wide">
            <button type="button" onClick={() => setOpen(false)}>{t("common.cancel")}</button>
            <button id="asset-plan-save" className="primary" type="submit">{t("common.save")}</button>
          </div>
        </form>
      )}
      {rows.length === 0 ? <p className="muted">{t("maint.noSchedule")}</p> : (
        <ul className="maint-list">
          {rows.map((r) => (
            <li key={r.plan_id}>
              <span className={`badge due-${r.state}`}>{dueLabel(t, r)}</span>
              <strong>{label("maintenance_kind", r.kind)}</strong> · {t("maint.everyN", { n: r.every_months })} · {t("maint.dueOn")} {date(r.due)}
              {r.last_done && <span className="muted"> ({t("maint.last")} {date(r.last_done)})</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
