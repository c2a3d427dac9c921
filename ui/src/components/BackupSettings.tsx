// Settings: back this replica up to a folder or USB stick ("Cadangkan"),
// the date of the last backup, and after how many days the app reminds.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import { useCommand } from "../query";
import { dateTime } from "../format";
import { pickFolder } from "../files";
import { Field } from "./Field";

export function useBackupStatus() {
  return useCommand(["backup-status"], commands.backupStatus);
}

export function BackupSettings() {
  const { t } = useTranslation();
  const status = useBackupStatus();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const s = status.data;

  const backup = async () => {
    const dir = await pickFolder();
    if (!dir) return;
    setBusy(true);
    setMessage(null);
    try {
      const w = await commands.backupSave(dir);
      setMessage({ ok: true, text: t("backup.written", { path: w.path, n: w.assets }) });
      await status.refetch();
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const saveDays = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.backupReminderSet(Number(days ?? s?.reminder_days ?? 7));
      setDays(null);
      setMessage(null);
      await status.refetch();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };

  return (
    <div className="card" id="backup-card">
      <h2>{t("backup.title")}</h2>
      <p className="muted small">{t("backup.text")}</p>
      <div className="kv">
        <span>{t("backup.last")}</span>
        <strong id="backup-last">{s?.last_backup_at ? dateTime(s.last_backup_at) : t("backup.never")}</strong>
      </div>
      {s?.last_backup_file && (
        <div className="kv"><span>{t("backup.file")}</span><strong className="mono small">{s.last_backup_file}</strong></div>
      )}
      {s?.due && <div className="alert warn" id="backup-due">{s.last_backup_at ? t("backup.dueOld", { n: s.reminder_days }) : t("backup.dueNever")}</div>}
      <form className="actions" onSubmit={saveDays}>
        <button id="backup-now" className="primary" type="button" onClick={() => void backup()} disabled={busy || !s}>
          {busy ? t("backup.busy") : t("backup.now")}
        </button>
        <Field name="reminder_days" label={t("backup.remindAfter")}>
          <input id="backup-days" type="number" min={0} max={366} className="narrow"
            value={days ?? String(s?.reminder_days ?? "")} onChange={(e) => setDays(e.target.value)} />
        </Field>
        {days !== null && <button type="submit" id="backup-days-save">{t("common.save")}</button>}
      </form>
      {message && <div className={message.ok ? "alert ok" : "alert error"} id="backup-message">{message.text}</div>}
    </div>
  );
}
