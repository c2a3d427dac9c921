// KIB B import (all rows or none, with a row-by-row report) and export.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands, errorMessage, isApiError } from "../api";
import type { ImportReport, RowError } from "../bindings";

export function DataPage() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const [message, setMessage] = useState("");
  const [exported, setExported] = useState("");

  const doImport = async () => {
    const path = await open({ multiple: false, filters: [{ name: "KIB B", extensions: ["xlsx", "xls", "ods", "csv"] }] });
    if (!path || Array.isArray(path)) return;
    setBusy(true);
    setReport(null);
    setRows([]);
    setMessage("");
    try {
      setReport(await commands.kibImport(path));
    } catch (e) {
      setMessage(errorMessage(e));
      if (isApiError(e)) setRows(e.rows);
    } finally {
      setBusy(false);
    }
  };
  const doExport = async () => {
    const path = await save({ defaultPath: "KIB-B.xlsx", filters: [{ name: "Excel", extensions: ["xlsx"] }] });
    if (!path) return;
    try {
      const n = await commands.kibExport(path);
      setExported(t("data.exported", { count: n, path }));
    } catch (e) {
      setExported(errorMessage(e));
    }
  };

  return (
    <div className="page">
      <h1>{t("data.title")}</h1>
      <div className="detail-grid two">
        <div className="card">
          <h2>{t("data.importTitle")}</h2>
          <p className="muted">{t("data.importText")}</p>
          <button className="primary" onClick={doImport} disabled={busy}>{busy ? t("data.importing") : t("data.choose")}</button>
          {busy && <div className="progress"><div /></div>}
          {report && (
            <div className="alert ok">
              {t("data.imported", { count: report.imported })}
              {report.notes.length > 0 && (
                <ul>
                  {report.notes.map((n) => <li key={n}>{n}</li>)}
                </ul>
              )}
            </div>
          )}
          {message && <div className="alert error">{message}</div>}
          {rows.length > 0 && (
            <table className="simple">
              <thead>
                <tr><th>{t("data.row")}</th><th>Kolom</th><th>Masalah</th></tr>
              </thead>
              <tbody>
                {rows.slice(0, 500).map((r, i) => (
                  <tr key={i}><td className="num">{r.row || "—"}</td><td className="mono">{r.field}</td><td>{r.message}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <div className="card">
            <h2>{t("data.exportTitle")}</h2>
            <p className="muted">{t("data.exportText")}</p>
            <button onClick={doExport}>{t("data.exportBtn")}</button>
            {exported && <div className="alert ok">{exported}</div>}
          </div>
          <UsbBundles />
        </div>
      </div>
    </div>
  );
}

/** Changes on a USB stick, for when there is no link to the data center. */
function UsbBundles() {
  const { t } = useTranslation();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const write = async () => {
    const path = await save({ defaultPath: "perubahan.simpul", filters: [{ name: "Bundel Simpul", extensions: ["simpul"] }] });
    if (!path) return;
    try {
      const n = await commands.bundleExport(path);
      setMessage({ ok: true, text: t("bundle.written", { n, path }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  const read = async () => {
    const path = await open({ multiple: false, filters: [{ name: "Bundel Simpul", extensions: ["simpul"] }] });
    if (!path || Array.isArray(path)) return;
    try {
      const n = await commands.bundleImport(path);
      setMessage({ ok: true, text: t("bundle.read", { n }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  return (
    <div className="card">
      <h2>{t("bundle.title")}</h2>
      <p className="muted">{t("bundle.text")}</p>
      <div className="actions">
        <button onClick={write}>{t("bundle.export")}</button>
        <button onClick={read}>{t("bundle.import")}</button>
      </div>
      {message && <div className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}
