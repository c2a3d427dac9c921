// Network registration across the regency. On a Diskominfo device: the
// queue of every OPD's registrations with approve / reject and the security
// level, and the regency document (OPDs, IP pools with their usage,
// security levels). On an OPD device: its own registrations and the same
// regency data, read-only.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { IpPool_Serialize as IpPool, RegencyView_Serialize as RegencyView, RegistrationStatus, RegistrationView_Serialize as RegistrationView } from "../bindings";
import { useCommand } from "../query";
import type { Navigate } from "../route";
import { Field } from "../components/Field";
import { RecordHistory } from "../components/RecordHistory";
import { RegistrationBadge } from "../components/Badges";
import { dateTime, number } from "../format";
import { useChoices } from "../choices";

export function Registry({ navigate, diskominfo }: { navigate: Navigate; diskominfo: boolean }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const [filter, setFilter] = useState<RegistrationStatus | "">(diskominfo ? "diajukan" : "");
  const queue = useCommand(["registrations", filter], () => commands.registrations(filter || null));
  const regencyView = useCommand(["regency"], commands.regency);
  const list: RegistrationView[] = queue.data ?? [];
  const regency: RegencyView | null = regencyView.data ?? null;
  const error = queue.error || regencyView.error;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("reg.title")}</h1>
          <p className="muted">{diskominfo ? t("reg.queueIntro") : t("reg.ownIntro")}</p>
        </div>
      </div>
      {error && <div className="alert error">{error}</div>}
      <div className="card">
        <div className="card-head">
          <h2>{t("reg.queue")}</h2>
          <select id="queue-filter" value={filter} onChange={(e) => setFilter(e.target.value as RegistrationStatus | "")}>
            <option value="">{t("common.all")}</option>
            {options("registration_status").map(({ value: s }) => <option key={s} value={s}>{label("registration_status", s)}</option>)}
          </select>
        </div>
        {list.length === 0 ? (
          <p className="muted" id="queue-empty">{t("reg.empty")}</p>
        ) : (
          <table className="simple" id="queue">
            <thead>
              <tr>
                <th>OPD</th><th>{t("reg.asset")}</th><th>{t("reg.hostname")}</th><th>{t("reg.ip")}</th><th>{t("reg.macs")}</th>
                <th>{t("reg.purpose")}</th><th>{t("reg.submitted")}</th><th>{t("reg.status")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <QueueRow key={v.registration.id} v={v} levels={regency?.levels ?? []} canDecide={!!regency?.editable}
                  onOpen={() => navigate({ page: "asset", id: v.registration.id })} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {regency && <RegencyCards regency={regency} />}
    </div>
  );
}

function QueueRow({ v, levels, canDecide, onOpen }: {
  v: RegistrationView; levels: { code: string; name: string }[]; canDecide: boolean; onOpen: () => void;
}) {
  const { t } = useTranslation();
  const r = v.registration;
  const [level, setLevel] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const decide = async (verdict: "disetujui" | "ditolak") => {
    try {
      await commands.registrationDecide({ registration_id: r.id, verdict, level, reason });
      setError("");
    } catch (e) {
      const f = fieldErrors(e);
      setError(f.level || f.reason || errorMessage(e));
    }
  };
  const key = r.hostname.replace(/[^a-z0-9-]/g, "-");
  return (
    <>
      <tr id={`queue-${key}`} data-status={v.status}>
        <td className="mono">{r.opd}</td>
        <td><button className="link" onClick={onOpen}>{r.asset_name}</button></td>
        <td className="mono">{r.hostname}</td>
        <td className="mono">{r.ip}</td>
        <td className="mono small">{r.macs}</td>
        <td>{r.purpose}</td>
        <td className="small">{dateTime(r.submitted_at)}</td>
        <td>
          <RegistrationBadge status={v.status} />
          {v.status === "disetujui" && <div className="small">{v.level} · {v.level_name}</div>}
          {v.status === "ditolak" && <div className="small muted">{v.reason}</div>}
        </td>
      </tr>
      {canDecide && v.status === "diajukan" && (
        <tr className="decide-row writes">
          <td colSpan={8}>
            <div className="decide">
              <select id={`level-${key}`} value={level} onChange={(e) => setLevel(e.target.value)}>
                <option value="">{t("reg.chooseLevel")}</option>
                {levels.map((l) => <option key={l.code} value={l.code}>{l.code} · {l.name}</option>)}
              </select>
              <button className="primary" id={`approve-${key}`} onClick={() => decide("disetujui")}>{t("reg.approve")}</button>
              <input id={`reason-${key}`} placeholder={t("reg.reasonPlaceholder")} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button className="danger" id={`reject-${key}`} onClick={() => decide("ditolak")}>{t("reg.reject")}</button>
              {error && <span className="field-error" id={`decide-error-${key}`} role="alert">{error}</span>}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** Saved data comes back through the back end's change notice: nothing here reloads by hand. */
function RegencyCards({ regency }: { regency: RegencyView }) {
  const { t } = useTranslation();
  const edit = regency.editable;
  const [editing, setEditing] = useState<IpPool | null>(null);
  return (
    <>
      <div className="card">
        <h2>{t("reg.pools")}</h2>
        <p className="muted">{t("reg.poolsIntro")}{!edit && ` ${t("reg.readOnly")}`}</p>
        {regency.pools.length === 0 ? (
          <p className="muted">{t("reg.noPools")}</p>
        ) : (
          <table className="simple" id="pools">
            <thead>
              <tr><th>OPD</th><th>{t("reg.cidr")}</th><th>{t("reg.gateway")}</th><th>{t("reg.vlan")}</th><th>{t("reg.usage")}</th><th>{t("reg.notes")}</th></tr>
            </thead>
            <tbody>
              {regency.pools.map((u) => {
                const pct = u.capacity ? (100 * u.used) / u.capacity : 0;
                return (
                  <tr key={u.pool.id} id={`pool-${u.pool.cidr.replace(/[./]/g, "-")}`} className={edit ? "clickable" : ""}
                    title={edit ? t("reg.editPool") : undefined} onClick={() => edit && setEditing(u.pool)}>
                    <td className="mono">{u.pool.opd}</td>
                    <td className="mono">{u.pool.cidr}</td>
                    <td className="mono">{u.pool.gateway || "—"}</td>
                    <td>{u.pool.vlan || "—"}</td>
                    <td>
                      <div className="usage" title={`${pct.toFixed(1)} %`}>
                        <div className="bar"><span className={pct > 90 ? "high" : ""} style={{ width: `${Math.min(100, pct)}%` }} /></div>
                        <span className="small usage-text">{number(u.used)} / {number(u.capacity)}</span>
                      </div>
                    </td>
                    <td>{u.pool.notes}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {edit && (
          <PoolForm key={editing?.id ?? "new"} opds={regency.opds.map((o) => o.code)} pool={editing}
            onSaved={() => setEditing(null)} onCancel={() => setEditing(null)} />
        )}
      </div>
      <div className="detail-grid two">
        <div className="card">
          <h2>{t("reg.opds")}</h2>
          <table className="simple" id="regency-opds">
            <tbody>
              {regency.opds.map((o) => <tr key={o.code}><td className="mono">{o.code}</td><td>{o.name}</td></tr>)}
            </tbody>
          </table>
          {edit && <SmallForm id="opd" fields={[["code", t("reg.code")], ["name", t("reg.name")]]} button={t("reg.addOpd")}
            save={(v) => commands.regencyOpdSave({ code: v.code, name: v.name })} />}
          <p className="muted small" id="overdue-days">{t("reg.overdueDays", { n: regency.overdue_days })}</p>
          {edit && <SmallForm id="overdue" fields={[["overdue_days", t("reg.overdueDaysLabel")]]} button={t("common.save")}
            save={(v) => commands.overdueDaysSet(v.overdue_days ?? "")} />}
        </div>
        <div className="card">
          <h2>{t("reg.levels")}</h2>
          {regency.levels.length === 0 ? <p className="muted">{t("reg.noLevels")}</p> : (
            <table className="simple" id="levels">
              <tbody>
                {regency.levels.map((l) => <tr key={l.code}><td className="mono">{l.code}</td><td>{l.name}</td><td className="small muted">{l.description}</td></tr>)}
              </tbody>
            </table>
          )}
          {edit && regency.levels.length === 0 && (
            <button id="levels-seed" className="writes" onClick={() => void commands.levelsSeed()}>{t("reg.seedLevels")}</button>
          )}
          {edit && <SmallForm id="level" fields={[["code", t("reg.code")], ["name", t("reg.name")], ["description", t("reg.description")]]}
            button={t("reg.addLevel")} save={(v) => commands.levelSave({ code: v.code, name: v.name, description: v.description ?? "" })} />}
        </div>
      </div>
    </>
  );
}

function PoolForm({ opds, pool, onSaved, onCancel }: { opds: string[]; pool: IpPool | null; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const empty = { id: "", opd: opds[0] ?? "", cidr: "", gateway: "", vlan: "", notes: "" };
  const [form, setForm] = useState(pool
    ? { id: pool.id, opd: pool.opd, cidr: pool.cidr, gateway: pool.gateway, vlan: pool.vlan ? String(pool.vlan) : "", notes: pool.notes }
    : empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.poolSave(form);
      setForm({ ...empty, opd: form.opd });
      setErrors({});
      onSaved();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { cidr: errorMessage(err) });
    }
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <form className="grid5 pool-form writes" onSubmit={save}>
      <Field name="opd" label="OPD" error={errors.opd}>
        <select id="pool-opd" value={form.opd} onChange={set("opd")}>{opds.map((o) => <option key={o}>{o}</option>)}</select>
      </Field>
      <Field name="cidr" label={t("reg.cidr")} error={errors.cidr}><input id="pool-cidr" className="mono" placeholder="10.20.1.0/24" value={form.cidr} onChange={set("cidr")} /></Field>
      <Field name="gateway" label={t("reg.gateway")} error={errors.gateway}><input id="pool-gateway" className="mono" placeholder="10.20.1.1" value={form.gateway} onChange={set("gateway")} /></Field>
      <Field name="vlan" label={t("reg.vlan")} error={errors.vlan}><input id="pool-vlan" value={form.vlan} onChange={set("vlan")} /></Field>
      <Field name="notes" label={t("reg.notes")} error={errors.notes}><input id="pool-notes" value={form.notes} onChange={set("notes")} /></Field>
      <div className="actions end">
        {pool && <button type="button" onClick={onCancel}>{t("common.cancel")}</button>}
        <button className="primary" id="pool-save" type="submit" disabled={!form.opd}>{pool ? t("common.save") : t("reg.addPool")}</button>
      </div>
      {pool && <div className="wide-all"><RecordHistory kind="pool" id={pool.id} /></div>}
    </form>
  );
}

function SmallForm({ id, fields, button, save }: {
  id: string; fields: [string, string][]; button: string; save: (v: Record<string, string>) => Promise<unknown>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await save(values);
      setValues({});
      setErrors({});
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { [fields[0][0]]: errorMessage(err) });
    }
  };
  return (
    <form className="inline-form writes" onSubmit={submit}>
      {fields.map(([k, label]) => (
        <Field key={k} name={`${id}-${k}`} label={label} error={errors[k]}>
          <input id={`${id}-${k}`} value={values[k] ?? ""} onChange={(e) => setValues({ ...values, [k]: e.target.value })} />
        </Field>
      ))}
      <div className="actions end"><button id={`${id}-save`} type="submit">{button}</button></div>
    </form>
  );
}
