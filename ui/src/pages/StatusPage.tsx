// Status OPD (Diskominfo): for each OPD its devices, when each last
// reached the data center and last sent a change, and whether the OPD is
// late by the regency's allowance. The list of late OPDs prints as a
// signed PDF to attach to a teguran.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { OpdStatus_Serialize as OpdStatus } from "../bindings";
import { pickSavePath } from "../files";
import { date } from "../format";
import { useCommand } from "../query";

const day = (t: string | null) => (t ? date(t.slice(0, 10)) : "—");

function Row({ o }: { o: OpdStatus }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const active = o.devices.filter((d) => !d.revoked);
  return (
    <>
      <tr id={`status-${o.code}`} className={o.overdue ? "late" : ""}>
        <td><strong>{o.code}</strong> {o.name}</td>
        <td>{day(o.last_sync_at)}</td>
        <td>{day(o.last_change_at)}</td>
        <td className="num"><button className="link" onClick={() => setOpen(!open)}>{active.length}</button></td>
        <td>{o.overdue ? <span className="badge due-overdue">{t("status.late")}: {o.overdue_text}</span> : <span className="badge on-time">{t("status.onTime")}</span>}</td>
      </tr>
      {open && o.devices.map((d) => (
        <tr key={d.id} className="device-row muted">
          <td>↳ {d.name} {d.revoked && `(${t("status.revoked")})`}</td>
          <td>{day(d.last_sync_at)}</td>
          <td>{day(d.last_change_at)}</td>
          <td colSpan={2} />
        </tr>
      ))}
    </>
  );
}

export function StatusPage() {
  const { t } = useTranslation();
  const view = useCommand(["update-status"], commands.updateStatus);
  const [lateOnly, setLateOnly] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const status = view.data?.status ?? null;
  const rows = (status?.opds ?? []).filter((o) => !lateOnly || o.overdue);
  const late = (status?.opds ?? []).filter((o) => o.overdue).length;
  const print = async () => {
    const path = await pickSavePath("Daftar-OPD-terlambat.pdf", [{ name: "PDF", extensions: ["pdf"] }]);
    if (!path) return;
    try {
      // The signer last used for a report (asked now: it may have just changed).
      const { signer } = await commands.documentDefaults();
      const n = await commands.overdueListSave(path, signer);
      setMessage({ ok: true, text: t("status.printed", { n, path }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  return (
    <div className="page">
      <h1>{t("status.title")}</h1>
      <p className="muted">{t("status.intro", { days: status?.allowed_days ?? 30 })}</p>
      <div className="card">
        <div className="card-head">
          <h2>{t("status.opds")}</h2>
          <span className="muted" id="status-count">{t("status.count", { n: status?.opds.length ?? 0, late })}</span>
        </div>
        {view.data && !view.data.live && <div className="alert error" id="status-stale">{view.data.error}{status && ` ${t("status.kept", { at: day(status.at) })}`}</div>}
        {view.error && <div className="alert error">{view.error}</div>}
        <div className="filters">
          <label className="check"><input type="checkbox" id="status-late" checked={lateOnly} onChange={(e) => setLateOnly(e.target.checked)} /> {t("status.lateOnly")}</label>
          <button id="status-refresh" onClick={() => void view.refetch()}>{t("status.refresh")}</button>
          <button id="status-print" onClick={print} disabled={!status || late === 0}>{t("status.print")}</button>
        </div>
        {rows.length === 0 ? <p className="muted">{status ? t("status.none") : t("status.never")}</p> : (
          <table className="simple" id="status-table">
            <thead>
              <tr><th>OPD</th><th>{t("status.lastSync")}</th><th>{t("status.lastChange")}</th><th className="num">{t("status.devices")}</th><th>{t("reg.status")}</th></tr>
            </thead>
            <tbody>{rows.map((o) => <Row key={o.code} o={o} />)}</tbody>
          </table>
        )}
        {message && <div id="status-message" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
      </div>
    </div>
  );
}
