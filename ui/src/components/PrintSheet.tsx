// A label print page's body: the label size, the first pages exactly as the
// PDF lays them out (the back end draws them from the same layout), and
// saving the PDF. Cable labels and asset tags both use it.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { defaultSavePath, pickSavePath } from "../files";
import { errorMessage } from "../api";
import type { LabelFormat } from "../bindings";
import { Field } from "./Field";
import { useChoices } from "../choices";
import { useCommand } from "../query";

export const PREVIEW_PAGES = 6;

/** What the page shows: the preview's SVG pages, their count, and how many labels. */
export type SheetPreview = { pages: string[]; total_pages: number; count: number };

export function PrintSheet(props: {
  /** Where the chosen size is remembered between runs. */
  remember: string;
  defaultFormat: LabelFormat;
  title: string;
  subtitle: string;
  intro: string;
  fileName: string;
  queryKey: unknown[];
  preview: (format: LabelFormat) => Promise<SheetPreview>;
  save: (format: LabelFormat, path: string | null) => Promise<{ pages: number; count: number; path: string }>;
  summary: (count: number, pages: number) => string;
  written: (count: number, pages: number, path: string) => string;
  none: string;
  back: () => void;
}) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const [format, setFormat] = useState<LabelFormat>(() => (localStorage.getItem(props.remember) as LabelFormat) || props.defaultFormat);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const chooseFormat = (f: LabelFormat) => {
    localStorage.setItem(props.remember, f);
    setFormat(f);
  };
  const previewQuery = useCommand([...props.queryKey, format], () => props.preview(format));
  const preview = previewQuery.data;
  const shown = message ?? (previewQuery.error ? { ok: false, text: previewQuery.error } : null);

  const write = async (ask: boolean) => {
    let path = defaultSavePath(props.fileName);
    if (ask) {
      path = await pickSavePath(props.fileName, [{ name: "PDF", extensions: ["pdf"] }]);
      if (!path) return;
    }
    setBusy(true);
    try {
      const w = await props.save(format, path);
      setMessage({ ok: true, text: props.written(w.count, w.pages, w.path) });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page labels-page">
      <div className="page-head">
        <div>
          <button className="link" onClick={props.back}>← {t("common.back")}</button>
          <h1>{props.title}</h1>
          <div className="muted" id="labels-subtitle">{props.subtitle}</div>
        </div>
        <div className="actions">
          <button id="labels-save-as" onClick={() => write(true)} disabled={busy || !preview?.count}>{t("labels.saveAs")}</button>
          <button id="labels-save" className="primary" onClick={() => write(false)} disabled={busy || !preview?.count}>{t("labels.save")}</button>
        </div>
      </div>
      <div className="card labels-controls">
        <Field name="format" label={t("labels.format")}>
          <select id="labels-format" value={format} onChange={(e) => chooseFormat(e.target.value as LabelFormat)}>
            {options("label_format").map(({ value: f }) => <option key={f} value={f}>{label("label_format", f)}</option>)}
          </select>
        </Field>
        <p className="muted">{props.intro}</p>
        {preview && <strong id="labels-summary">{preview.count ? props.summary(preview.count, preview.total_pages) : props.none}</strong>}
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
