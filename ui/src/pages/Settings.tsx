// Language, the device profile, its people and its link to the data center
// (in the console: the profile only; the rest is the server's own).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { AppInfo_Serialize as AppInfo } from "../bindings";
import { Field } from "../components/Field";
import { dataChanged } from "../query";
import { ServerSettings } from "../components/ServerSettings";
import { PeopleSettings } from "../components/PeopleSettings";
import { BackupSettings } from "../components/BackupSettings";
import { inBrowser } from "../transport";

export function Settings({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const p = info.profile!;
  const [form, setForm] = useState({ regency: p.regency, opd_code: p.opd_code, opd_name: p.opd_name, device_name: p.device_name, language: p.language });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const submit = async (next: typeof form) => {
    try {
      await commands.profileSave(next);
      setErrors({});
      setMessage(t("common.saved"));
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(errorMessage(e));
    }
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  return (
    <div className="page">
      <h1>{t("settings.title")}</h1>
      <form className="card settings" onSubmit={(e) => { e.preventDefault(); submit(form); }}>
        <div className="grid2">
          <Field name="language" label={t("settings.language")}>
            <select id="settings-language" value={form.language} onChange={(e) => { const next = { ...form, language: e.target.value }; setForm(next); submit(next); }}>
              <option value="id">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </Field>
          <div />
          <Field name="regency" label={t("setup.regency")} error={errors.regency}><input value={form.regency} onChange={set("regency")} /></Field>
          <Field name="opd_code" label={t("setup.opdCode")}><input value={form.opd_code} disabled className="mono" /></Field>
          <Field name="opd_name" label={t("setup.opdName")} error={errors.opd_name}><input value={form.opd_name} onChange={set("opd_name")} /></Field>
          <Field name="device_name" label={t("setup.device")} error={errors.device_name}><input value={form.device_name} onChange={set("device_name")} /></Field>
        </div>
        <div className="actions">
          <button className="primary" type="submit">{t("common.save")}</button>
          {message && <span className="muted">{message}</span>}
        </div>
      </form>
      {inBrowser ? (
        <p className="card muted" id="console-settings-note">{t("console.settingsNote")}</p>
      ) : (
        <>
          <PeopleSettings />
          <ServerSettings onEnrolled={() => void dataChanged()} />
          <BackupSettings />
        </>
      )}
      <div className="card">
        <div className="kv"><span>{t("settings.replica")}</span><strong className="mono">{info.replica_path}</strong></div>
        <div className="kv"><span>{t("settings.version")}</span><strong>{info.version}</strong></div>
        <div className="kv"><span>Actor</span><strong className="mono">{p.actor}</strong></div>
        <div className="kv"><span>{t("settings.key")}</span><strong className="mono" id="key-fingerprint">{info.key_fingerprint ?? t("settings.noKey")}</strong></div>
      </div>
    </div>
  );
}
