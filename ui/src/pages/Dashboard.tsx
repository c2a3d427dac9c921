// Figures and charts of the OPD's inventory, from the index.
import { useTranslation } from "react-i18next";
import { Bar, Doughnut } from "react-chartjs-2";
import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from "chart.js";
import { commands } from "../api";
import { useCommand } from "../query";
import type { Navigate } from "../route";
import { dateTime, number, rupiah, rupiahShort } from "../format";
import { useChoices } from "../choices";
import { useBackupStatus } from "../components/BackupSettings";

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const CONDITION_COLORS: Record<string, string> = { B: "#16a34a", KB: "#f59e0b", RB: "#dc2626" };

export function Dashboard({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const { data: s, error } = useCommand(["stats"], commands.stats);
  const backup = useBackupStatus().data;
  const overdue = useCommand(["loans-overdue"], commands.loansOverdue).data ?? [];
  if (error) return <div className="alert error">{error}</div>;
  if (!s) return <div className="muted">{t("common.loading")}</div>;

  return (
    <div className="page">
      <h1>{t("dashboard.title")}</h1>
      {backup?.due && s.total > 0 && (
        <div className="alert warn" id="backup-reminder">
          {backup.last_backup_at ? t("backup.dueOld", { n: backup.reminder_days }) : t("backup.dueNever")}
          <button id="backup-reminder-go" onClick={() => navigate({ page: "settings" })}>{t("backup.remind")}</button>
        </div>
      )}
      {overdue.length > 0 && (
        <div className="card" id="loans-overdue">
          <h2>{t("loan.overdue", { n: overdue.length })}</h2>
          <table className="simple">
            <tbody>
              {overdue.slice(0, 20).map((o) => (
                <tr key={o.loan.id} className="clickable" onClick={() => navigate({ page: "asset", id: o.loan.asset_id })}>
                  <td>{o.asset}</td><td>{o.loan.borrower.name}</td><td className="num">{t("loan.late", { n: o.days_late })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="tiles">
        <button className="tile" id="tile-total" onClick={() => navigate({ page: "assets" })}>
          <span>{t("dashboard.total")}</span>
          <strong>{number(s.total)}</strong>
        </button>
        <div className="tile" title={rupiah(s.total_value)}>
          <span>{t("dashboard.value")}</span>
          <strong>{rupiahShort(s.total_value)}</strong>
        </div>
        <div className="tile">
          <span>{t("dashboard.rooms")}</span>
          <strong>{number(s.rooms)}</strong>
        </div>
        <button className={s.conflicts > 0 ? "tile warn" : "tile"} id="tile-conflicts" onClick={() => navigate({ page: "inbox" })}>
          <span>{t("inbox.count")}</span>
          <strong>{number(s.conflicts)}</strong>
        </button>
        <button className="tile" id="tile-registrations" onClick={() => navigate({ page: "registry" })}>
          <span>{t("dashboard.waiting")}</span>
          <strong>{number(s.registrations_waiting)}</strong>
        </button>
        <div className="tile">
          <span>{t("dashboard.lastUpdate")}</span>
          <strong className="small">{s.last_update ? dateTime(s.last_update) : t("common.none")}</strong>
        </div>
      </div>
      {s.total === 0 ? (
        <div className="empty">{t("dashboard.empty")}</div>
      ) : (
        <div className="charts">
          <div className="card">
            <h2>{t("dashboard.byCondition")}</h2>
            <div className="chart-box small-chart">
              <Doughnut
                data={{
                  labels: s.by_condition.map((c) => `${c.key} · ${label("condition", c.key)}`),
                  datasets: [{ data: s.by_condition.map((c) => c.count), backgroundColor: s.by_condition.map((c) => CONDITION_COLORS[c.key] ?? "#888") }],
                }}
                options={{ maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }}
              />
            </div>
          </div>
          <div className="card">
            <h2>{t("dashboard.byCategory")}</h2>
            <div className="chart-box">
              <Bar
                data={{ labels: s.by_category.map((c) => c.label), datasets: [{ data: s.by_category.map((c) => c.count), backgroundColor: "#0f766e" }] }}
                options={{ indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } }}
              />
            </div>
          </div>
          {s.by_opd.length > 1 && (
            <div className="card wide" id="chart-opd">
              <h2>{t("dashboard.byOpd")}</h2>
              <div className="chart-box">
                <Bar
                  data={{ labels: s.by_opd.map((c) => c.label), datasets: [{ data: s.by_opd.map((c) => c.count), backgroundColor: "#7c3aed" }] }}
                  options={{ maintainAspectRatio: false, plugins: { legend: { display: false } } }}
                />
              </div>
            </div>
          )}
          <div className="card wide">
            <h2>{t("dashboard.byRoom")}</h2>
            <div className="chart-box tall">
              <Bar
                data={{ labels: s.by_room.slice(0, 12).map((c) => c.label), datasets: [{ data: s.by_room.slice(0, 12).map((c) => c.count), backgroundColor: "#3b82f6" }] }}
                options={{ indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } }}
              />
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
