// Inventarisasi: the stock-take sessions with their progress (every OPD's
// on a Diskominfo device), starting one with its team, and one session's
// rooms, each opened to scan and closed when done.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { StockTakeView_Serialize as StockTakeView, Party_Deserialize as TeamMember } from "../bindings";
import { AskTwice } from "../components/AskTwice";
import { Field } from "../components/Field";
import { date, nip, number, today } from "../format";
import { useCommand } from "../query";
import { pickSavePath } from "../files";
import type { Navigate } from "../route";

/** Seen of expected as a whole percent (0 when nothing is expected). */
export function percentSeen(v: { seen: number; expected: number }): number {
  return v.expected === 0 ? 0 : Math.floor((v.seen * 100) / v.expected);
}

const EMPTY_MEMBER: TeamMember = { name: "", nip: "", role: "" };

function StartForm({ done }: { done: (id: string) => void }) {
  const { t } = useTranslation();
  const rooms = useCommand(["rooms"], commands.rooms).data ?? [];
  const [title, setTitle] = useState(t("stock.defaultTitle", { year: today().slice(0, 4) }));
  const [startedOn, setStartedOn] = useState(today());
  const [chosen, setChosen] = useState<string[]>([]);
  const [team, setTeam] = useState<TeamMember[]>([{ ...EMPTY_MEMBER, role: t("stock.lead") }, { ...EMPTY_MEMBER }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const setMember = (i: number, k: keyof TeamMember, v: string) => setTeam(team.map((m, j) => (j === i ? { ...m, [k]: v } : m)));
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((r) => r !== id) : [...chosen, id]);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await commands.stocktakeStart({ title, started_on: startedOn, rooms: chosen, team });
      setErrors({});
      setMessage("");
      done(s.id);
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  return (
    <form className="card" id="stock-start" onSubmit={start}>
      <h2>{t("stock.start")}</h2>
      <div className="grid3">
        <Field name="title" label={t("stock.title")} error={errors.title}>
          <input id="stock-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field name="started_on" label={t("stock.startedOn")} error={errors.started_on}>
          <input id="stock-date" type="date" value={startedOn} max={today()} onChange={(e) => setStartedOn(e.target.value)} />
        </Field>
      </div>
      <fieldset className="plain">
        <legend>{t("stock.rooms")}</legend>
        <p className="muted small">{chosen.length === 0 ? t("stock.allRooms", { n: rooms.length }) : t("stock.someRooms", { n: chosen.length })}</p>
        <div className="checks">
          {rooms.map((r) => (
            <label key={r.id} className="check">
              <input type="checkbox" checked={chosen.includes(r.id)} onChange={() => toggle(r.id)} /> {r.label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="plain">
        <legend>{t("stock.team")}</legend>
        {errors.team && <div className="field-error" role="alert">{errors.team}</div>}
        {team.map((m, i) => (
          <div className="grid3" key={i}>
            <Field name={`team.${i}.name`} label={t("stock.memberName")} error={errors[`team.${i}.name`]}>
              <input id={`stock-member-${i}-name`} value={m.name} onChange={(e) => setMember(i, "name", e.target.value)} />
            </Field>
            <Field name={`team.${i}.nip`} label="NIP" error={errors[`team.${i}.nip`]}>
              <input id={`stock-member-${i}-nip`} className="mono" inputMode="numeric" value={m.nip} onChange={(e) => setMember(i, "nip", e.target.value)} />
            </Field>
            <Field name={`team.${i}.role`} label={t("stock.memberRole")}>
              <input id={`stock-member-${i}-role`} value={m.role} onChange={(e) => setMember(i, "role", e.target.value)} />
            </Field>
          </div>
        ))}
        <button type="button" className="link" id="stock-add-member" onClick={() => setTeam([...team, { ...EMPTY_MEMBER }])}>{t("stock.addMember")}</button>
      </fieldset>
      <div className="actions wide">
        <button id="stock-begin" className="primary" type="submit">{t("stock.begin")}</button>
      </div>
      {message && <div className="alert error">{message}</div>}
    </form>
  );
}

function SessionList({ list, diskominfo, navigate }: { list: StockTakeView[]; diskominfo: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  if (list.length === 0) return <p className="muted">{t("stock.none")}</p>;
  return (
    <table className="simple" id="stock-sessions">
      <thead>
        <tr>{diskominfo && <th>OPD</th>}<th>{t("stock.title")}</th><th>{t("stock.startedOn")}</th><th className="num">{t("stock.roomsDone")}</th><th className="num">{t("stock.progress")}</th><th>{t("stock.state")}</th></tr>
      </thead>
      <tbody>
        {list.map((s) => (
          <tr key={s.id} className="clickable" onClick={() => navigate({ page: "stocktake", id: s.id })}>
            {diskominfo && <td>{s.opd}</td>}
            <td>{s.title}</td>
            <td>{date(s.started_on)}</td>
            <td className="num">{s.rooms.filter((r) => r.closed).length} / {s.rooms.length}</td>
            <td className="num">{number(s.seen)} / {number(s.expected)} ({percentSeen(s)}%)</td>
            <td>{s.closed_at ? t("stock.finished") : t("stock.running")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The session's documents: the Berita Acara with its annex (PDF), the result as a workbook. */
function ReportCard({ id, opd }: { id: string; opd: string }) {
  const { t } = useTranslation();
  const defaults = useCommand(["document-defaults"], commands.documentDefaults).data;
  const [place, setPlace] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const where = place ?? defaults?.signer.place ?? "";
  const save = async (ext: "pdf" | "xlsx") => {
    const path = await pickSavePath(`Inventarisasi-${opd}.${ext}`, [{ name: ext.toUpperCase(), extensions: [ext] }]);
    if (!path) return;
    setBusy(true);
    try {
      const w = await commands.stocktakeReportSave(path, id, where);
      setMessage({ ok: true, text: ext === "pdf" ? t("stock.pdfWritten", w) : t("stock.xlsxWritten", w) });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card" id="stock-report">
      <h2>{t("stock.report")}</h2>
      <p className="muted">{t("stock.reportText")}</p>
      <div className="grid3">
        <Field name="place" label={t("reports.place")}>
          <input id="stock-place" value={where} onChange={(e) => setPlace(e.target.value)} />
        </Field>
        <div className="actions end">
          <button id="stock-pdf" className="primary" disabled={busy} onClick={() => void save("pdf")}>{t("stock.pdf")}</button>
          <button id="stock-xlsx" disabled={busy} onClick={() => void save("xlsx")}>{t("stock.xlsx")}</button>
        </div>
      </div>
      {message && <div id="stock-report-message" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}

function Session({ id, navigate }: { id: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const s = useCommand(["stocktake", id], () => commands.stocktake(id));
  const [message, setMessage] = useState("");
  if (s.error) return <div className="alert error">{s.error}</div>;
  if (!s.data) return <div className="muted">{t("common.loading")}</div>;
  const v = s.data;
  const finish = async () => {
    try {
      await commands.stocktakeFinish(v.id);
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <div className="page">
      <button className="link" onClick={() => navigate({ page: "stocktake" })}>← {t("stock.back")}</button>
      <h1 id="stock-heading">{v.title}</h1>
      <p className="muted">{v.opd} · {t("stock.startedOn")} {date(v.started_on)} · {v.closed_at ? t("stock.finished") : t("stock.running")}</p>
      <div className="tiles">
        <div className="tile"><span>{t("stock.roomsDone")}</span><strong id="stock-rooms-done">{v.rooms.filter((r) => r.closed).length} / {v.rooms.length}</strong></div>
        <div className="tile"><span>{t("stock.progress")}</span><strong id="stock-percent">{percentSeen(v)}%</strong></div>
        <div className="tile"><span>{t("stock.seen")}</span><strong>{number(v.seen)} / {number(v.expected)}</strong></div>
      </div>
      <div className="card">
        <h2>{t("stock.team")}</h2>
        <table className="simple" id="stock-team">
          <tbody>
            {v.team.map((m, i) => <tr key={i}><td>{m.name}</td><td className="mono">{nip(m.nip)}</td><td>{m.role}</td></tr>)}
          </tbody>
        </table>
      </div>
      <div className="card">
        <div className="card-head">
          <h2>{t("stock.rooms")}</h2>
          {!v.closed_at && <AskTwice id="stock-finish" label={t("stock.finish")} sure={t("stock.finishConfirm")} onConfirm={() => void finish()} />}
        </div>
        <table className="simple" id="stock-rooms">
          <tbody>
            {v.rooms.map((r) => (
              <tr key={r.room_id}>
                <td>{r.room}</td>
                <td>{r.closed ? <span className="badge reg-disetujui">{t("stock.closed")}</span> : <span className="badge reg-diajukan">{t("stock.open")}</span>}</td>
                <td className="num"><button className="link" id={`stock-open-${r.room_id}`} onClick={() => navigate({ page: "stocktake-room", id: v.id, roomId: r.room_id })}>{v.closed_at || r.closed ? t("stock.see") : t("stock.scan")} →</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {message && <div className="alert error">{message}</div>}
      </div>
      <ReportCard id={v.id} opd={v.opd} />
    </div>
  );
}

export function StockTakePage({ id, diskominfo, navigate }: { id?: string; diskominfo: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  const list = useCommand(["stocktakes"], commands.stocktakes, !id);
  const [starting, setStarting] = useState(false);
  if (id) return <Session id={id} navigate={navigate} />;
  return (
    <div className="page">
      <div className="card-head">
        <h1>{t("stock.heading")}</h1>
        {!starting && <button id="stock-new" className="primary writes" onClick={() => setStarting(true)}>{t("stock.start")}</button>}
      </div>
      <p className="muted">{diskominfo ? t("stock.introDiskominfo") : t("stock.intro")}</p>
      {starting && <StartForm done={(sid) => navigate({ page: "stocktake", id: sid })} />}
      {list.error && <div className="alert error">{list.error}</div>}
      <div className="card">
        <SessionList list={list.data ?? []} diskominfo={diskominfo} navigate={navigate} />
      </div>
    </div>
  );
}
