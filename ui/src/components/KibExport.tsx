// KIB B export: the units (this OPD, or every OPD on a Diskominfo device),
// each with its kode lokasi and nama UPB, written as .xlsx (a sheet per
// OPD) or .csv (one OPD).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { KibUnit_Serialize as KibUnit } from "../bindings";
import { pickSavePath } from "../files";
import { useCommand } from "../query";

type Row = KibUnit & { chosen: boolean };

export function KibExport() {
  const { t } = useTranslation();
  const units = useCommand(["kib-units"], commands.kibUnits);
  // What the user changed of each unit (by OPD code), over the units as stored.
  const [edits, setEdits] = useState<Record<string, Partial<Row>>>({});
  const rows: Row[] = (units.data ?? []).map((u) => ({ ...u, chosen: true, ...edits[u.opd_code] }));
  const [format, setFormat] = useState<"xlsx" | "csv">("xlsx");
  const [result, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const message = result ?? (units.error ? { ok: false, text: units.error } : null);
  const edit = (i: number, patch: Partial<Row>) => {
    const code = rows[i].opd_code;
    setEdits((e) => ({ ...e, [code]: { ...e[code], ...patch } }));
  };
  const chosen = rows.filter((r) => r.chosen);
  const tooMany = format === "csv" && chosen.length > 1;
  const write = async () => {
    const name = chosen.length === 1 ? `KIB-B-${chosen[0].opd_code}.${format}` : `KIB-B.${format}`;
    const path = await pickSavePath(name, [{ name: format === "csv" ? "CSV" : "Excel", extensions: [format] }]);
    if (!path) return;
    try {
      const n = await commands.kibExport(path, chosen.map(({ chosen: _, ...u }) => u));
      setMessage({ ok: true, text: t("data.exported", { count: n, path }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  return (
    <div className="card">
      <h2>{t("data.exportTitle")}</h2>
      <p className="muted">{t("data.exportText")}</p>
      {rows.length === 1 ? (
        <div className="unit-fields">
          <label>
            <span>{t("data.namaUpb")}</span>
            <input value={rows[0].nama_upb} onChange={(e) => edit(0, { nama_upb: e.target.value })} id={`unit-upb-${rows[0].opd_code}`} />
          </label>
          <label>
            <span>{t("data.kodeLokasi")}</span>
            <input value={rows[0].kode_lokasi} placeholder="12.20.05.01.01.16.01" onChange={(e) => edit(0, { kode_lokasi: e.target.value })} id={`unit-lokasi-${rows[0].opd_code}`} />
          </label>
        </div>
      ) : (
        <table className="simple units">
          <thead>
            <tr><th /><th>OPD</th><th>{t("data.namaUpb")}</th><th>{t("data.kodeLokasi")}</th></tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.opd_code}>
                <td><input type="checkbox" checked={r.chosen} onChange={(e) => edit(i, { chosen: e.target.checked })} /></td>
                <td><strong>{r.opd_code}</strong></td>
                <td><input value={r.nama_upb} onChange={(e) => edit(i, { nama_upb: e.target.value })} id={`unit-upb-${r.opd_code}`} /></td>
                <td><input value={r.kode_lokasi} placeholder="12.20.05.01.01.16.01" onChange={(e) => edit(i, { kode_lokasi: e.target.value })} id={`unit-lokasi-${r.opd_code}`} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <select value={format} onChange={(e) => setFormat(e.target.value as "xlsx" | "csv")} id="export-format">
          <option value="xlsx">{t("data.xlsx")}</option>
          <option value="csv">{t("data.csv")}</option>
        </select>
        <button onClick={write} disabled={chosen.length === 0 || tooMany} id="kib-export">{t("data.exportBtn")}</button>
      </div>
      {tooMany && <p className="muted">{t("data.csvOne")}</p>}
      {message && <div className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}
