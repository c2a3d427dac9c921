// Settings: enroll with the data center, see the sync status, sync now.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { open } from "@tauri-apps/plugin-dialog";
import { commands, errorMessage } from "../api";
import { Field } from "./Field";
import { useSyncStatus } from "./SyncPill";
import { dateTime } from "../format";
import { pickFile } from "../files";

// `onEnrolled` refreshes what the app knows of this device (its scope).
export function ServerSettings({ onEnrolled }: { onEnrolled: () => void }) {
  const { t } = useTranslation();
  const s = useSyncStatus();
  const [address, setAddress] = useState("");
  const [code, setCode] = useState("");
  const [caPath, setCaPath] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const enroll = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage("");
    try {
      await commands.serverEnroll(address, code, caPath);
      setCode("");
      onEnrolled();
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const enrollByFile = async () => {
    const path = await pickFile([{ name: "Pendaftaran Simpul", extensions: ["simpul"] }]);
    if (!path) return;
    setBusy(true);
    setMessage("");
    try {
      await commands.enrollFile(path);
      onEnrolled();
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (!s) return null;
  return (
    <div className="card" id="server-settings">
      <h2>{t("sync.title")}</h2>
      {s.enrolled ? (
        <>
          <div className="kv"><span>{t("sync.server")}</span><strong className="mono" id="sync-server">{s.server || t("sync.usbOnly")}</strong></div>
          <div className="kv"><span>{t("sync.state")}</span><strong id="sync-state">{s.syncing ? t("sync.syncing") : s.online ? t("sync.online") : t("sync.offline")}</strong></div>
          <div className="kv"><span>{t("sync.lastSuccessLabel")}</span><strong>{s.last_success ? dateTime(s.last_success) : t("common.none")}</strong></div>
          <div className="kv"><span>{t("sync.pendingLabel")}</span><strong id="sync-pending">{s.pending}</strong></div>
          {s.last_error && <div className="alert error">{s.last_error}</div>}
          <div className="actions">
            <button id="sync-now" className="primary" disabled={s.syncing} onClick={() => commands.syncNow()}>{t("sync.now")}</button>
            {s.syncing && <div className="progress inline"><div /></div>}
          </div>
        </>
      ) : (
        <form onSubmit={enroll}>
          <p className="muted">{t("sync.enrollIntro")}</p>
          <div className="grid2">
            <Field name="address" label={t("sync.server")}>
              <input id="server-address" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="10.20.0.5:8440" className="mono" />
            </Field>
            <Field name="code" label={t("sync.code")}>
              <input id="enroll-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="ABCD-EFGH-JKMN" className="mono" />
            </Field>
          </div>
          <div className="kv">
            <span>{t("sync.ca")}</span>
            <span>
              <span className="mono muted" id="ca-path">{caPath ?? t("sync.caNone")}</span>{" "}
              <button type="button" onClick={async () => {
                const p = await open({ multiple: false, filters: [{ name: "PEM", extensions: ["pem", "crt", "cer"] }] });
                setCaPath(typeof p === "string" ? p : null);
              }}>{t("sync.caPick")}</button>
            </span>
          </div>
          {message && <div className="alert error" id="enroll-error">{message}</div>}
          <div className="actions">
            <button id="enroll" className="primary" type="submit" disabled={busy}>{busy ? t("common.saving") : t("sync.enroll")}</button>
            <button id="enroll-file" type="button" disabled={busy} onClick={enrollByFile} title={t("sync.enrollFileHint")}>{t("sync.enrollFile")}</button>
          </div>
        </form>
      )}
    </div>
  );
}
