// Laporan: the TIK inventory report (PDF or XLSX) for a period, and the
// room card (KIR) of a room. The forms start with the values used last.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Channel } from "@tauri-apps/api/core";
import { commands, errorMessage, fieldErrors } from "../api";
import type { KirSigner_Serialize as KirSigner, Progress, Signer_Serialize as Signer } from "../bindings";
import { Field } from "../components/Field";
import { pickSavePath } from "../files";
import { useCommand } from "../query";

type PeriodKind = "year" | "s1" | "s2" | "range";
type Message = { ok: boolean; text: string } | null;

/** The period as the back end reads it: `2026`, `2026-S1` or `from..to`. */
export function periodText(kind: PeriodKind, year: string, from: string, to: string): string {
  switch (kind) {
    case "year": return year.trim();
    case "s1": return `${year.trim()}-S1`;
    case "s2": return `${year.trim()}-S2`;
    case "range": return `${from}..${to}`;
  }
}

function ReportCard({ diskominfo, signer, setSigner }: { diskominfo: boolean; signer: Signer; setSigner: (s: Signer) => void }) {
  const { t } = useTranslation();
  const regency = useCommand(["regency"], commands.regency, diskominfo);
  const [kind, setKind] = useState<PeriodKind>("year");
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [opd, setOpd] = useState("");
  const [format, setFormat] = useState<"pdf" | "xlsx">("pdf");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>(null);
  const edit = (k: keyof Signer) => (e: React.ChangeEvent<HTMLInputElement>) => setSigner({ ...signer, [k]: e.target.value });
  const make = async () => {
    const name = `Laporan-TIK-${opd || (diskominfo ? "Kabupaten" : "OPD")}-${periodText(kind, year, from, to).replace("..", "_")}.${format}`;
    const path = await pickSavePath(name, [{ name: format === "pdf" ? "PDF" : "Excel", extensions: [format] }]);
    if (!path) return;
    const channel = new Channel<Progress>();
    channel.onmessage = (p) => setProgress(p);
    setBusy(true);
    setMessage(null);
    try {
      const w = await commands.reportSave(path, { period: periodText(kind, year, from, to), opd, signer }, channel);
      setErrors({});
      setMessage({ ok: true, text: w.pages > 0 ? t("reports.writtenPages", w) : t("reports.written", w) });
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return (
    <div className="card" id="report-card">
      <h2>{t("reports.report")}</h2>
      <p className="muted">{t("reports.reportText")}</p>
      <div className="grid3">
        <Field name="period-kind" label={t("reports.periodKind")}>
          <select id="report-period-kind" value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)}>
            <option value="year">{t("reports.year")}</option>
            <option value="s1">{t("reports.s1")}</option>
            <option value="s2">{t("reports.s2")}</option>
            <option value="range">{t("reports.range")}</option>
          </select>
        </Field>
        {kind === "range" ? (
          <>
            <Field name="period" label={t("reports.from")} error={errors.period}>
              <input id="report-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            <Field name="period-to" label={t("reports.to")}>
              <input id="report-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </Field>
          </>
        ) : (
          <Field name="period" label={t("reports.year")} error={errors.period}>
            <input id="report-year" inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />
          </Field>
        )}
        {diskominfo && (
          <Field name="opd" label={t("reports.opd")}>
            <select id="report-opd" value={opd} onChange={(e) => setOpd(e.target.value)}>
              <option value="">{t("reports.allOpds")}</option>
              {(regency.data?.opds ?? []).map((o) => <option key={o.code} value={o.code}>{o.code} {o.name}</option>)}
            </select>
          </Field>
        )}
        <Field name="signer.title" label={t("reports.signerTitle")}>
          <input id="report-signer-title" value={signer.title} onChange={edit("title")} />
        </Field>
        <Field name="signer.name" label={t("reports.signerName")}>
          <input id="report-signer-name" value={signer.name} onChange={edit("name")} />
        </Field>
        <Field name="signer.nip" label={t("reports.signerNip")} error={errors["signer.nip"]}>
          <input id="report-signer-nip" className="mono" inputMode="numeric" value={signer.nip} onChange={edit("nip")} />
        </Field>
        <Field name="signer.place" label={t("reports.place")}>
          <input id="report-place" value={signer.place} onChange={edit("place")} />
        </Field>
        <Field name="format" label={t("reports.format")}>
          <select id="report-format" value={format} onChange={(e) => setFormat(e.target.value as "pdf" | "xlsx")}>
            <option value="pdf">{t("reports.pdf")}</option>
            <option value="xlsx">{t("reports.xlsx")}</option>
          </select>
        </Field>
      </div>
      <div className="actions">
        <button className="primary" id="report-make" onClick={make} disabled={busy}>{t("reports.make")}</button>
        {busy && (
          <span className="muted" id="report-progress">
            {progress ? t("reports.making", progress) : "…"}
          </span>
        )}
      </div>
      {busy && <div className="progress"><div /></div>}
      {message && <div id="report-message" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}

function KirCard({ place, pengurus, setPengurus, setPlace }: {
  place: string; pengurus: KirSigner; setPlace: (p: string) => void; setPengurus: (p: KirSigner) => void;
}) {
  const { t } = useTranslation();
  const rooms = useCommand(["rooms"], commands.rooms).data ?? [];
  const [room, setRoom] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>(null);
  const make = async () => {
    const chosen = rooms.find((r) => r.id === room);
    const path = await pickSavePath(`KIR-${chosen?.short_code ?? "ruangan"}.pdf`, [{ name: "PDF", extensions: ["pdf"] }]);
    if (!path) return;
    setBusy(true);
    try {
      const w = await commands.kirSave(path, { room, place, pengurus_barang: pengurus });
      setErrors({});
      setMessage({ ok: true, text: t("reports.kirWritten", w) });
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card" id="kir-card">
      <h2>{t("reports.kir")}</h2>
      <p className="muted">{t("reports.kirText")}</p>
      {rooms.length === 0 ? <p className="muted">{t("reports.noRooms")}</p> : (
        <>
          <div className="grid2">
            <Field name="room" label={t("reports.room")} error={errors.room}>
              <select id="kir-room" value={room} onChange={(e) => setRoom(e.target.value)}>
                <option value="">{t("reports.chooseRoom")}</option>
                {rooms.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
              </select>
            </Field>
            <Field name="place" label={t("reports.place")}>
              <input id="kir-place" value={place} onChange={(e) => setPlace(e.target.value)} />
            </Field>
            <Field name="pengurus_barang.name" label={t("reports.pengurusName")}>
              <input id="kir-pengurus-name" value={pengurus.name} onChange={(e) => setPengurus({ ...pengurus, name: e.target.value })} />
            </Field>
            <Field name="pengurus_barang.nip" label={t("reports.pengurusNip")} error={errors["pengurus_barang.nip"]}>
              <input id="kir-pengurus-nip" className="mono" inputMode="numeric" value={pengurus.nip} onChange={(e) => setPengurus({ ...pengurus, nip: e.target.value })} />
            </Field>
          </div>
          <div className="actions">
            <button className="primary" id="kir-make" onClick={make} disabled={busy || !room}>{t("reports.kirMake")}</button>
          </div>
        </>
      )}
      {message && <div id="kir-message" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}

export function Reports({ diskominfo }: { diskominfo: boolean }) {
  const { t } = useTranslation();
  const defaults = useCommand(["document-defaults"], commands.documentDefaults).data;
  const [signer, setSigner] = useState<Signer>({ title: "", name: "", nip: "", place: "" });
  const [pengurus, setPengurus] = useState<KirSigner>({ name: "", nip: "" });
  useEffect(() => {
    if (!defaults) return;
    setSigner(defaults.signer);
    setPengurus(defaults.pengurus_barang);
  }, [defaults]);
  return (
    <div className="page">
      <h1>{t("reports.title")}</h1>
      <p className="muted">{t("reports.intro")}</p>
      <ReportCard diskominfo={diskominfo} signer={signer} setSigner={setSigner} />
      <KirCard
        place={signer.place}
        setPlace={(place) => setSigner({ ...signer, place })}
        pengurus={pengurus}
        setPengurus={setPengurus}
      />
    </div>
  );
}
