// An asset's network registration: where it stands (submitted, approved
// with its security level, or rejected with Diskominfo's reason) and the
// form to submit or resubmit it, with the OPD pool's next free address.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { Asset_Serialize as Asset } from "../bindings";
import { useCommand } from "../query";
import { Field } from "./Field";
import { RecordHistory } from "./RecordHistory";
import { RegistrationBadge } from "./Badges";
import { dateTime } from "../format";

export function RegistrationCard({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const registration = useCommand(["registration", asset.id], () => commands.registrationOf(asset.id));
  const view = registration.data ?? null;
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ macs: "", hostname: "", ip: "", purpose: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failed, setError] = useState("");
  const error = failed || registration.error;
  const [busy, setBusy] = useState(false);
  const open = () => {
    const r = view?.registration;
    setForm({
      macs: r?.macs ?? asset.mac,
      hostname: r?.hostname ?? asset.hostname,
      ip: r?.ip ?? asset.ip,
      purpose: r?.purpose ?? "",
    });
    setErrors({});
    setError("");
    setEditing(true);
  };
  const nextIp = async () => {
    try {
      const ip = await commands.nextFreeIp(asset.opd);
      if (ip) {
        setForm((f) => ({ ...f, ip }));
        setErrors((e) => ({ ...e, ip: "" }));
      } else {
        setErrors((e) => ({ ...e, ip: t("reg.noPool") }));
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await commands.register({ asset_id: asset.id, ...form });
      setEditing(false);
    } catch (err) {
      setErrors(fieldErrors(err));
      if (Object.keys(fieldErrors(err)).length === 0) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const r = view?.registration;
  return (
    <div className="card" id="registration">
      <div className="card-head">
        <h2>{t("reg.title")}</h2>
        {view && <RegistrationBadge status={view.status} />}
      </div>
      {error && <div className="alert error">{error}</div>}
      {!view && !editing && <p className="muted">{t("reg.none")}</p>}
      {view && r && !editing && (
        <div className="kv-list">
          <div className="kv"><span>{t("reg.ip")}</span><strong className="mono" id="reg-ip-shown">{r.ip}</strong></div>
          <div className="kv"><span>{t("reg.hostname")}</span><strong className="mono">{r.hostname}</strong></div>
          <div className="kv"><span>{t("reg.macs")}</span><strong className="mono">{r.macs}</strong></div>
          <div className="kv"><span>{t("reg.purpose")}</span><strong>{r.purpose}</strong></div>
          <div className="kv"><span>{t("reg.submitted")}</span><strong>{dateTime(r.submitted_at)} · {r.submitted_by} · {t("reg.revision")} {r.revision}</strong></div>
          {view.status === "disetujui" && (
            <div className="kv"><span>{t("reg.level")}</span><strong id="reg-level">{view.level} · {view.level_name}</strong></div>
          )}
          {view.status === "ditolak" && (
            <div className="alert error" id="reg-reason">{t("reg.reason")}: {view.reason}</div>
          )}
        </div>
      )}
      {editing ? (
        <form onSubmit={submit} className="form-grid">
          <Field name="macs" label={t("reg.macs")} error={errors.macs} hint={t("reg.macsHint")}>
            <input id="reg-macs" className="mono" value={form.macs} onChange={set("macs")} />
          </Field>
          <Field name="hostname" label={t("reg.hostname")} error={errors.hostname}>
            <input id="reg-hostname" className="mono" value={form.hostname} onChange={set("hostname")} />
          </Field>
          <Field name="ip" label={t("reg.ip")} error={errors.ip}>
            <span className="input-with-button">
              <input id="reg-ip" className="mono" value={form.ip} onChange={set("ip")} placeholder="10.20.1.15" />
              <button type="button" id="reg-next-ip" onClick={nextIp}>{t("reg.nextIp")}</button>
            </span>
          </Field>
          <Field name="purpose" label={t("reg.purpose")} error={errors.purpose} hint={t("reg.purposeHint")}>
            <input id="reg-purpose" value={form.purpose} onChange={set("purpose")} />
          </Field>
          <div className="actions wide">
            <button type="button" onClick={() => setEditing(false)}>{t("common.cancel")}</button>
            <button id="reg-submit" className="primary" type="submit" disabled={busy}>{busy ? t("common.saving") : t("reg.submit")}</button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button id="reg-open" className="writes" onClick={open}>{view ? t("reg.resubmit") : t("reg.start")}</button>
        </div>
      )}
      {view && <RecordHistory kind="registration" id={view.registration.id} />}
    </div>
  );
}
