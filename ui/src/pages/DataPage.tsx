// KIB B import (preview, then all rows or none) and export, and USB bundles
// (the desktop's; the console's are on the Server page).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import { KibExport } from "../components/KibExport";
import { KibImport } from "../components/KibImport";
import { pickFile, pickSavePath } from "../files";
import { inBrowser } from "../transport";

export function DataPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("data.title")}</h1>
      <div className="detail-grid two">
        <KibImport />
        <div>
          <KibExport />
          {!inBrowser && <UsbBundles />}
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
    const path = await pickSavePath("perubahan.simpul", [{ name: "Bundel Simpul", extensions: ["simpul"] }]);
    if (!path) return;
    try {
      const n = await commands.bundleExport(path);
      setMessage({ ok: true, text: t("bundle.written", { n, path }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  const read = async () => {
    const path = await pickFile([{ name: "Bundel Simpul", extensions: ["simpul"] }]);
    if (!path) return;
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
