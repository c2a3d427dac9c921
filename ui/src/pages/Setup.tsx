// First run: choose regency, OPD and this device's name, and the first
// person (an administrator, who is then signed in); or open the demo data.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import { Field } from "../components/Field";
import { EMPTY_PERSON, PersonFields } from "../components/PersonFields";
import { pickFile } from "../files";
import { dateTime } from "../format";

export function Setup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ regency: "", opd_code: "", opd_name: "", device_name: "", language: "id" });
  const [person, setPerson] = useState(EMPTY_PERSON);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const [restored, setRestored] = useState("");
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await commands.setupWithPerson(form, person);
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const demo = async () => {
    setBusy(true);
    try {
      await commands.demoLoad();
      onDone();
    } catch (err) {
      setMessage(errorMessage(err));
      setBusy(false);
    }
  };

  const restore = async () => {
    const path = await pickFile([{ name: "Cadangan Simpul", extensions: ["simpulbk"] }]);
    if (!path) return;
    setBusy(true);
    setMessage("");
    try {
      const r = await commands.backupRestore(path);
      setRestored(t("backup.restored", { n: r.assets, opd: r.opd, when: dateTime(r.created_at) }));
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (restored) {
    return (
      <div className="setup">
        <div className="setup-card">
          <img src="/icon.png" alt="" className="setup-logo" />
          <h1>{t("setup.title")}</h1>
          <div className="alert ok" id="restore-done">{restored}</div>
          <div className="actions">
            <button id="restore-continue" className="primary" onClick={onDone}>{t("setup.start")}</button>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="setup">
      <form className="setup-card" onSubmit={start}>
        <img src="/icon.png" alt="" className="setup-logo" />
        <h1>{t("setup.title")}</h1>
        <p className="muted">{t("setup.intro")}</p>
        <div className="grid2">
          <Field name="regency" label={t("setup.regency")} error={errors.regency} wide>
            <input id="setup-regency" value={form.regency} onChange={set("regency")} placeholder="Kabupaten Lamandau" />
          </Field>
          <Field name="opd_code" label={t("setup.opdCode")} error={errors.opd_code}>
            <input id="setup-opd-code" value={form.opd_code} onChange={set("opd_code")} placeholder="DINKES" />
          </Field>
          <Field name="opd_name" label={t("setup.opdName")} error={errors.opd_name}>
            <input id="setup-opd-name" value={form.opd_name} onChange={set("opd_name")} placeholder="Dinas Kesehatan" />
          </Field>
          <Field name="device_name" label={t("setup.device")} error={errors.device_name} wide>
            <input id="setup-device" value={form.device_name} onChange={set("device_name")} placeholder="Laptop Pengurus Barang" />
          </Field>
        </div>
        <h2>{t("people.first")}</h2>
        <p className="muted small">{t("people.firstHint")}</p>
        <PersonFields value={person} onChange={setPerson} errors={errors} roles={["admin_opd", "diskominfo"]} idPrefix="setup-person" />
        {message && !Object.keys(errors).length && <div className="alert error">{message}</div>}
        <div className="actions">
          <button id="setup-start" className="primary" type="submit" disabled={busy}>{t("setup.start")}</button>
          <button id="setup-demo" className="with-hint" type="button" onClick={demo} disabled={busy}>
            {t("setup.demo")}
            <small>{t("setup.demoHint")}</small>
          </button>
          <button id="setup-restore" className="with-hint" type="button" onClick={() => void restore()} disabled={busy}>
            {t("backup.restore")}
            <small>{t("backup.restoreHint")}</small>
          </button>
        </div>
      </form>
    </div>
  );
}
