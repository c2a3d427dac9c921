// One room of a stock-take: scan (or type) a tag and press Enter; the line
// is marked at once and the field is ready for the next tag. An asset of
// another room moves here with one click; an unknown code gets a quick
// form; the condition can be re-rated with the scan. Closing the room
// makes what was not seen missing.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { Condition, KodeBarangItem, RoomCheck, RoomLine, Scan_Serialize as Scan } from "../bindings";
import { useChoices } from "../choices";
import { AskTwice } from "../components/AskTwice";
import { Field } from "../components/Field";
import { number } from "../format";
import { queryClient, useCommand } from "../query";
import type { Navigate } from "../route";


/** The quick form for an item whose code named no asset: registered here, then scanned again. */
function Unregistered({ code, roomId, scanned }: { code: string; roomId: string; scanned: (code: string) => Promise<void> }) {
  const { t } = useTranslation();
  const codes: KodeBarangItem[] = useCommand(["kode-barang"], async () => commands.kodeBarangList()).data ?? [];
  const [kode, setKode] = useState("");
  const [nama, setNama] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.assetSave({ kode_barang: kode, nama, nomor_pabrik: code, room_id: roomId });
      await scanned(code);
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  return (
    <form className="grid3 quick-register" id="stock-register" onSubmit={save}>
      <Field name="kode_barang" label={t("form.kode_barang")} error={errors.kode_barang}>
        <input id="stock-reg-kode" list="stock-kode-list" className="mono" value={kode} placeholder="1.3.2.10.02.03.001" onChange={(e) => { setKode(e.target.value); setNama(nama || codes.find((c) => c.code === e.target.value)?.name || ""); }} />
      </Field>
      <datalist id="stock-kode-list">{codes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}</datalist>
      <Field name="nama" label={t("form.nama")} error={errors.nama}>
        <input id="stock-reg-nama" value={nama} onChange={(e) => setNama(e.target.value)} />
      </Field>
      <div className="actions end">
        <button id="stock-reg-save" className="primary" type="submit">{t("stock.register")}</button>
      </div>
      {message && !Object.keys(errors).length && <div className="alert error wide">{message}</div>}
    </form>
  );
}

function Line({ line, move }: { line: RoomLine; move: (scanId: string) => void }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  return (
    <tr data-state={line.state} data-asset={line.asset_id}>
      <td><span className={`badge stock-${line.state}`}>{t(`stock.state_${line.state}`)}</span></td>
      <td className={line.asset_id ? "" : "mono"}>{line.label}</td>
      <td className="muted">{line.registered ? t("stock.registered") : line.other_room && t(line.state === "moved_out" ? "stock.seenIn" : line.can_move ? "stock.from" : "stock.movedFrom", { room: line.other_room })}</td>
      <td>{line.rerated && t("stock.rerated", { c: label("condition", line.rerated) })}</td>
      <td className="num">{line.can_move && <button className="link move" onClick={() => move(line.scan_id)}>{t("stock.moveHere")}</button>}</td>
    </tr>
  );
}

export function StockTakeRoom({ id, roomId, navigate }: { id: string; roomId: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const key = ["stocktake-room", id, roomId];
  const check = useCommand(key, () => commands.stocktakeRoom(id, roomId));
  const session = useCommand(["stocktake", id], () => commands.stocktake(id));
  const [code, setCode] = useState("");
  const [condition, setCondition] = useState<Condition | "">("");
  const [last, setLast] = useState<Scan | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const show = (c: RoomCheck) => queryClient.setQueryData(key, c);

  const scan = async (raw: string) => {
    setBusy(true);
    setMessage("");
    try {
      const done = await commands.stocktakeScan({ stocktake_id: id, room_id: roomId, code: raw, condition: condition || null });
      show(done.check);
      setLast(done.scan);
      setCode("");
      setCondition("");
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!busy && code.trim()) void scan(code);
  };
  const act = async (run: () => Promise<RoomCheck>) => {
    setMessage("");
    try {
      show(await run());
    } catch (err) {
      setMessage(errorMessage(err));
    }
    input.current?.focus();
  };
  const move = (scanId: string) => void act(() => commands.stocktakeMove(scanId));
  const close = () => void act(() => commands.stocktakeCloseRoom(id, roomId));

  const c = check.data;
  const open = !!session.data && !session.data.closed_at && !!c && !c.closed;
  const lastLine = last && c?.lines.find((l) => (last.asset_id ? l.asset_id === last.asset_id : l.label === last.code));
  return (
    <div className="page">
      <button className="link" onClick={() => navigate({ page: "stocktake", id })}>← {session.data?.title ?? t("stock.back")}</button>
      <div className="card-head">
        <h1 id="room-heading">{c?.room ?? "…"}</h1>
        {open && <AskTwice id="stock-close-room" label={t("stock.closeRoom")} sure={t("stock.closeConfirm", { n: c.lines.filter((l) => l.state === "waiting").length })} onConfirm={close} />}
      </div>
      {check.error && <div className="alert error">{check.error}</div>}
      {c?.closed && <div className="alert ok" id="room-closed">{t("stock.roomClosed")}</div>}
      {open && (
        <form className="card scan-bar" onSubmit={submit}>
          <Field name="code" label={t("stock.code")} hint={t("stock.codeHint")}>
            <input id="scan-code" ref={input} className="mono scan-input" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} disabled={busy} />
          </Field>
          <Field name="condition" label={t("stock.rerate")}>
            <select id="scan-condition" value={condition} onChange={(e) => setCondition(e.target.value as Condition | "")}>
              <option value="">{t("stock.keep")}</option>
              {options("condition").map((o) => <option key={o.value} value={o.value}>{label("condition", o.value)}</option>)}
            </select>
          </Field>
          <div className="actions end"><button id="scan-go" className="primary" type="submit" disabled={busy}>{t("stock.mark")}</button></div>
        </form>
      )}
      {message && <div className="alert error" id="scan-error">{message}</div>}
      {open && last && lastLine && (
        <div className={`alert ${last.outcome === "found" ? "ok" : "warn"}`} id="scan-result" data-outcome={last.outcome}>
          <strong>{t(`stock.outcome_${last.outcome}`)}</strong> {lastLine.label}
          {last.outcome === "moved" && lastLine.can_move && <> · {t("stock.from", { room: lastLine.other_room })} <button id="scan-move" onClick={() => move(lastLine.scan_id)}>{t("stock.moveHere")}</button></>}
          {last.outcome === "unregistered" && <Unregistered code={last.code} roomId={roomId} scanned={scan} />}
        </div>
      )}
      {c && (
        <div className="tiles compact" id="room-tally">
          <div className="tile"><span>{t("stock.expected")}</span><strong id="tally-expected">{number(c.tally.expected)}</strong></div>
          <div className="tile"><span>{t("stock.state_found")}</span><strong id="tally-found">{number(c.tally.found.length)}</strong></div>
          <div className="tile"><span>{t("stock.state_moved_in")}</span><strong id="tally-moved-in">{number(c.tally.moved_in.length)}</strong></div>
          <div className="tile"><span>{t("stock.state_moved_out")}</span><strong id="tally-moved-out">{number(c.tally.moved_out.length)}</strong></div>
          <div className={c.tally.missing.length ? "tile warn" : "tile"}><span>{t("stock.state_missing")}</span><strong id="tally-missing">{number(c.tally.missing.length)}</strong></div>
          <div className="tile"><span>{t("stock.state_unregistered")}</span><strong id="tally-unregistered">{number(c.tally.unregistered.length)}</strong></div>
          <div className="tile"><span>{t("stock.changed")}</span><strong id="tally-rerated">{number(c.tally.condition_changed.length)}</strong></div>
        </div>
      )}
      {c && (
        <div className="card">
          <table className="simple" id="room-lines">
            <tbody>
              {c.lines.map((l, i) => <Line key={l.asset_id || `code-${i}`} line={l} move={move} />)}
            </tbody>
          </table>
          {c.lines.length === 0 && <p className="muted">{t("stock.emptyRoom")}</p>}
        </div>
      )}
    </div>
  );
}
