// The label print preview: the first pages exactly as the PDF lays them out
// (drawn from the same layout), the label size, and saving the PDF.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { save } from "@tauri-apps/plugin-dialog";
import { commands, errorMessage } from "../api";
import type { LabelFormat } from "../bindings";
import type { Navigate } from "../route";
import { Field } from "../components/Field";
import { useChoices } from "../choices";
import { useCommand } from "../query";

const PREVIEW_PAGES = 6;
const REMEMBER = "simpul.labelFormat";

export function LabelPrint(props: { roomId?: string; cableId?: string; stale?: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const [format, setFormat] = useState<LabelFormat>(() => (localStorage.getItem(REMEMBER) as LabelFormat) || "tape24");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const selection = { room_id: props.roomId ?? null, cable_id: props.cableId ?? null, stale: props.stale ?? false };
  const chooseFormat = (f: LabelFormat) => {
    localStorage.setItem(REMEMBER, f);
    setFormat(f);
  };
  const previewQuery = useCommand(["labels-preview", selection, format], () => commands.labelsPreview(selection, format, PREVIEW_PAGES));
  const preview = previewQuery.data;
  const cable = useCommand(["cable", props.cableId], () => commands.cableDetail(props.cableId ?? ""), !!props.cableId).data;
  const rooms = useCommand(["rooms"], commands.rooms, !!props.roomId).data;
  const room = rooms?.find((x) => x.id === props.roomId);
  const title = props.stale ? t("labels.stale")
    : props.cableId ? (cable ? t("labels.one", { code: cable.cable.code }) : "")
    : props.roomId ? (room ? t("labels.room", { room: room.label }) : "")
    : t("labels.all");
  const shown = message ?? (previewQuery.error ? { ok: false, text: previewQuery.error } : null);

  const write = async (ask: boolean) => {
    let path: string | null = null;
    if (ask) {
      path = await save({ defaultPath: "label-kabel.pdf", filters: [{ name: "PDF", extensions: ["pdf"] }] });
      if (!path) return;
    }
    setBusy(true);
    try {
      const w = await commands.labelsSave(selection, format, path);
      setMessage({ ok: true, text: t("labels.written", { labels: w.labels, pages: w.pages, path: w.path }) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const back = () => props.navigate(props.cableId ? { page: "cable", id: props.cableId } : props.roomId ? { page: "room-network", roomId: props.roomId } : { page: "network" });
  return (
    <div className="page labels-page">
      <div className="page-head">
        <div>
          <button className="link" onClick={back}>← {t("common.back")}</button>
          <h1>{t("labels.title")}</h1>
          <div className="muted">{title}</div>
        </div>
        <div className="actions">
          <button id="labels-save-as" onClick={() => write(true)} disabled={busy || !preview?.labels}>{t("labels.saveAs")}</button>
          <button id="labels-save" className="primary" onClick={() => write(false)} disabled={busy || !preview?.labels}>{t("labels.save")}</button>
        </div>
      </div>
      <div className="card labels-controls">
        <Field name="format" label={t("labels.format")}>
          <select id="labels-format" value={format} onChange={(e) => chooseFormat(e.target.value as LabelFormat)}>
            {options("label_format").map(({ value: f }) => <option key={f} value={f}>{label("label_format", f)}</option>)}
          </select>
        </Field>
        <p className="muted">{t("labels.intro")}</p>
        {preview && <strong id="labels-summary">{preview.labels ? t("labels.summary", { labels: preview.labels, pages: preview.total_pages }) : t("labels.none")}</strong>}
      </div>
      {shown && <div id="labels-result" className={`alert ${shown.ok ? "ok" : "error"}`}>{shown.text}</div>}
      <div className={`label-preview preview-${format}`} id="labels-preview">
        {preview?.pages.map((svg, i) => (
          <img key={i} className="label-page" alt={`${i + 1}`} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} />
        ))}
        {preview && preview.total_pages > preview.pages.length && (
          <div className="muted">{t("labels.more", { n: preview.total_pages - preview.pages.length })}</div>
        )}
      </div>
    </div>
  );
}
