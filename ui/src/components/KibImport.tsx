// KIB B import: read the file, show what it would do (added, changed field
// by field, left alone, skipped as not ICT, problems), then import on
// confirmation. The preview and the import run the same checks.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, isApiError } from "../api";
import type { ImportSummary_Serialize as ImportSummary, RowError } from "../bindings";
import { fileLabel, pickFile } from "../files";
import { number, rupiah } from "../format";

type Tab = "updates" | "added" | "skipped" | "notes";

export function KibImport({ onImported }: { onImported?: () => void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState<string | null>(null);
  const [busy, setBusy] = useState<"" | "reading" | "importing">("");
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const [failure, setFailure] = useState<{ message: string; rows: RowError[] } | null>(null);

  const reset = () => {
    setPreview(null);
    setDone(null);
    setFailure(null);
  };
  const choose = async () => {
    const picked = await pickFile([{ name: "KIB B", extensions: ["xlsx", "xls", "ods", "csv"] }]);
    if (!picked) return;
    reset();
    setPath(picked);
    setBusy("reading");
    try {
      setPreview(await commands.kibPreview(picked));
    } catch (e) {
      setFailure({ message: errorMessage(e), rows: isApiError(e) ? e.rows : [] });
    } finally {
      setBusy("");
    }
  };
  const confirm = async () => {
    if (!path) return;
    setBusy("importing");
    try {
      setDone(await commands.kibImport(path));
      setPreview(null);
      onImported?.();
    } catch (e) {
      setFailure({ message: errorMessage(e), rows: isApiError(e) ? e.rows : [] });
    } finally {
      setBusy("");
    }
  };

  const nothingToDo = preview !== null && preview.added + preview.updated === 0;
  return (
    <div className="card">
      <h2>{t("data.importTitle")}</h2>
      <p className="muted">{t("data.importText")}</p>
      <button className="primary" id="kib-choose" onClick={choose} disabled={busy !== ""}>
        {busy === "reading" ? t("data.reading") : t("data.choose")}
      </button>
      {busy !== "" && <div className="progress"><div /></div>}
      {failure && <Problems message={errorMessage(failure)} rows={failure.rows} />}
      {done && (
        <div className="alert ok" id="kib-done">
          {t("data.done", { added: done.added, updated: done.updated, unchanged: done.unchanged, skipped: done.skipped })}
        </div>
      )}
      {preview && (
        <div className="import-preview" id="kib-preview">
          <p className="file-name mono">{path && fileLabel(path)}</p>
          <Counts s={preview} />
          {preview.errors.length > 0 ? (
            <Problems message={t("data.blocked", { n: preview.errors.length })} rows={preview.errors} />
          ) : (
            <div className="actions">
              <button className="primary" id="kib-confirm" onClick={confirm} disabled={busy !== "" || nothingToDo}>
                {busy === "importing" ? t("data.importing") : t("data.confirm", { added: preview.added, updated: preview.updated })}
              </button>
              <button onClick={reset} disabled={busy !== ""}>{t("data.cancel")}</button>
              {nothingToDo && <span className="muted">{t("data.nothing")}</span>}
            </div>
          )}
          <Details s={preview} />
        </div>
      )}
    </div>
  );
}

function Counts({ s }: { s: ImportSummary }) {
  const { t } = useTranslation();
  const items: [string, number, string][] = [
    ["added", s.added, "ok"],
    ["updated", s.updated, "warn"],
    ["unchanged", s.unchanged, ""],
    ["skipped", s.skipped, ""],
    ["errors", s.errors.length, "bad"],
  ];
  return (
    <div className="counts">
      <span className="muted">{t("data.rows", { n: number(s.rows) })}</span>
      {items.map(([k, n, tone]) => (
        <span key={k} className={`count ${n > 0 ? tone : ""}`} id={`kib-count-${k}`}>
          <strong>{number(n)}</strong> {t(`data.count.${k}`)}
        </span>
      ))}
    </div>
  );
}

function Details({ s }: { s: ImportSummary }) {
  const { t } = useTranslation();
  const tabs: [Tab, number][] = [
    ["updates", s.updated],
    ["added", s.added],
    ["skipped", s.skipped],
    ["notes", s.notes.length],
  ];
  const first = tabs.find(([, n]) => n > 0)?.[0] ?? "added";
  const [tab, setTab] = useState<Tab>(first);
  return (
    <>
      <div className="subtabs">
        {tabs.map(([k, n]) => (
          <button key={k} className={tab === k ? "on" : ""} onClick={() => setTab(k)} id={`kib-tab-${k}`}>
            {t(`data.tab.${k}`)} <span className="muted">{number(n)}</span>
          </button>
        ))}
      </div>
      <div className="preview-table">
        {tab === "updates" && (
          <table className="simple">
            <thead><tr><th>{t("data.row")}</th><th>{t("data.asset")}</th><th>{t("data.column")}</th><th>{t("data.change")}</th></tr></thead>
            <tbody>
              {s.updates.flatMap((u) =>
                u.changes.map((c, i) => (
                  <tr key={`${u.row}-${i}`}>
                    <td className="num">{i === 0 ? u.row : ""}</td>
                    <td>{i === 0 ? `${u.nama} · ${u.nomor_register}` : ""}</td>
                    <td>{c.column}</td>
                    <td><span className="old">{c.old || "—"}</span> → <span className="new">{c.new || "—"}</span></td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
        {tab === "added" && (
          <table className="simple">
            <thead><tr><th>{t("data.row")}</th><th>Kode barang</th><th>{t("data.asset")}</th><th>Register</th><th className="num">Harga</th></tr></thead>
            <tbody>
              {s.added_rows.map((a) => (
                <tr key={a.row}>
                  <td className="num">{a.row}</td><td className="mono">{a.kode_barang}</td><td>{a.nama}</td>
                  <td className="mono">{a.nomor_register}</td><td className="num">{rupiah(a.harga)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "skipped" && (
          <table className="simple">
            <thead><tr><th>{t("data.row")}</th><th>Kode barang</th><th>{t("data.asset")}</th><th>{t("data.reason")}</th></tr></thead>
            <tbody>
              {s.skipped_rows.map((k) => (
                <tr key={k.row}><td className="num">{k.row}</td><td className="mono">{k.kode || "—"}</td><td>{k.nama || "—"}</td><td>{k.reason}</td></tr>
              ))}
            </tbody>
          </table>
        )}
        {tab === "notes" && (
          <table className="simple">
            <thead><tr><th>{t("data.row")}</th><th>{t("data.note")}</th></tr></thead>
            <tbody>
              {s.notes.map((n, i) => (
                <tr key={i}><td className="num">{n.row || "—"}</td><td>{n.message}</td></tr>
              ))}
            </tbody>
          </table>
        )}
        {listedLess(s, tab) && <p className="muted">{t("data.listed")}</p>}
      </div>
    </>
  );
}

function listedLess(s: ImportSummary, tab: Tab): boolean {
  if (tab === "updates") return s.updates.length < s.updated;
  if (tab === "added") return s.added_rows.length < s.added;
  if (tab === "skipped") return s.skipped_rows.length < s.skipped;
  return false;
}

function Problems({ message, rows }: { message: string; rows: RowError[] }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="alert error" id="kib-problems">{message}</div>
      {rows.length > 0 && (
        <div className="preview-table">
          <table className="simple">
            <thead><tr><th>{t("data.row")}</th><th>{t("data.column")}</th><th>{t("data.problem")}</th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}><td className="num">{r.row || "—"}</td><td>{r.field || "—"}</td><td>{r.message}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
