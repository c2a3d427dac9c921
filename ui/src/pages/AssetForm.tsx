// Create or edit an asset. Fields are checked by the same Rust validation
// as the save, when a field is left (inline) and on save (all at once).
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors, fieldMessage } from "../api";
import type { AssetInput_Deserialize as AssetInput, Asset_Serialize as Asset, KodeBarangItem, RoomView_Serialize as RoomView } from "../bindings";
import type { Navigate } from "../route";
import { Field } from "../components/Field";
import { useChoices } from "../choices";
import { useCommand } from "../query";

const EMPTY: Required<AssetInput> = {
  id: "", kode_barang: "", nama: "", nomor_register: "", merk_type: "", ukuran: "", bahan: "", tahun: "", nomor_pabrik: "",
  nomor_rangka: "", nomor_mesin: "", nomor_polisi: "", nomor_bpkb: "", asal_usul: "Pembelian", harga: "", keterangan: "",
  room_id: "", holder_name: "", holder_nip: "", condition: "B", mac: "", hostname: "", ip: "", cpu: "", ram: "", storage: "",
  os: "", lifecycle: "aktif", disposal_reason: "",
};
type Form = typeof EMPTY;

function fromAsset(a: Asset): Form {
  const out = { ...EMPTY };
  for (const k of Object.keys(EMPTY) as (keyof Form)[]) {
    const v = (a as unknown as Record<string, unknown>)[k];
    out[k] = v === null || v === undefined ? "" : String(v);
  }
  return out;
}

export function AssetForm({ id, navigate }: { id?: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [failed, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const rooms: RoomView[] = useCommand(["rooms"], commands.rooms).data ?? [];
  const codes: KodeBarangItem[] = useCommand(["kode-barang"], async () => commands.kodeBarangList()).data ?? [];
  const existing = useCommand(["asset", id], () => commands.assetDetail(id ?? ""), !!id);
  const message = failed || existing.error;
  // The form takes the stored asset once; a sync while typing does not overwrite the user's edits.
  const filled = useRef(false);
  useEffect(() => {
    if (existing.data && !filled.current) {
      filled.current = true;
      setForm(fromAsset(existing.data.asset));
    }
  }, [existing.data]);

  const validate = async (next: Form, fields: Set<string>) => {
    const errs = await commands.assetValidate(next).catch(() => []);
    const shown: Record<string, string> = {};
    for (const e of errs) if (fields.has(e.field) && !shown[e.field]) shown[e.field] = fieldMessage(e);
    setErrors(shown);
  };
  const blur = (k: keyof Form) => () => {
    const next = new Set(touched).add(k);
    setTouched(next);
    validate(form, next);
  };
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => {
    const next = { ...form, [k]: e.target.value };
    setForm(next);
    if (errors[k]) validate(next, touched);
  };
  const pickCode = (e: React.ChangeEvent<HTMLInputElement>) => {
    const code = e.target.value;
    const item = codes.find((c) => c.code === code);
    setForm({ ...form, kode_barang: code, nama: form.nama || item?.name || "" });
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage("");
    try {
      const saved = await commands.assetSave(form);
      navigate({ page: "asset", id: saved.id });
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      setTouched(new Set([...touched, ...Object.keys(f)]));
      setMessage(Object.keys(f).length ? t("form.fixErrors") : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const input = (k: keyof Form, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <input id={`f-${k}`} name={k} value={form[k]} onChange={set(k)} onBlur={blur(k)} {...props} />
  );
  const field = (k: keyof Form, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string, wide?: boolean) => (
    <Field name={k} label={t(`form.${k}`)} error={errors[k]} hint={hint} wide={wide}>
      {input(k, props)}
    </Field>
  );

  return (
    <form className="page form-page" onSubmit={save} noValidate>
      <div className="page-head">
        <h1>{id ? t("form.editTitle") : t("form.newTitle")}</h1>
        <div className="actions">
          <button type="button" onClick={() => navigate(id ? { page: "asset", id } : { page: "assets" })}>{t("common.cancel")}</button>
          <button id="asset-save" className="primary" type="submit" disabled={busy}>{busy ? t("common.saving") : t("common.save")}</button>
        </div>
      </div>
      {message && <div className="alert error" id="form-message">{message}</div>}

      <fieldset className="card">
        <legend>{t("form.sections.identity")}</legend>
        <div className="grid3">
          <Field name="kode_barang" label={t("form.kode_barang")} error={errors.kode_barang}>
            <input id="f-kode_barang" list="kode-barang-list" value={form.kode_barang} onChange={pickCode} onBlur={blur("kode_barang")} placeholder="1.3.2.10.01.02.002" className="mono" />
          </Field>
          <datalist id="kode-barang-list">
            {codes.map((c) => (
              <option key={c.code} value={c.code}>{c.name}</option>
            ))}
          </datalist>
          {field("nama", { placeholder: "Laptop" })}
          {field("nomor_register", { placeholder: "0001", className: "mono" }, t("form.registerHint"))}
          {field("merk_type", { placeholder: "Lenovo ThinkPad E14" })}
          {field("tahun", { inputMode: "numeric", placeholder: "2024" })}
          {field("harga", { inputMode: "numeric", placeholder: "12.500.000" })}
          {field("nomor_pabrik", { className: "mono" })}
          {field("asal_usul")}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t("form.sections.placement")}</legend>
        <div className="grid3">
          <Field name="room_id" label={t("form.room_id")} error={errors.room_id}>
            <select id="f-room_id" value={form.room_id} onChange={set("room_id")} onBlur={blur("room_id")}>
              <option value="">{t("form.noRoom")}</option>
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>{`${r.short_code} — ${r.name}`}</option>
              ))}
            </select>
          </Field>
          {field("holder_name")}
          {field("holder_nip", { inputMode: "numeric", placeholder: "19850312 201001 2 003", className: "mono" }, t("form.nipHint"))}
          <Field name="condition" label={t("form.condition")} error={errors.condition}>
            <select id="f-condition" value={form.condition} onChange={set("condition")}>
              {options("condition").map(({ value: c }) => (
                <option key={c} value={c}>{`${c} — ${label("condition", c)}`}</option>
              ))}
            </select>
          </Field>
          <Field name="lifecycle" label={t("form.lifecycle")} error={errors.lifecycle}>
            <select id="f-lifecycle" value={form.lifecycle} onChange={set("lifecycle")}>
              {options("lifecycle").map(({ value: l }) => (
                <option key={l} value={l}>{label("lifecycle", l)}</option>
              ))}
            </select>
          </Field>
          {form.lifecycle === "dihapus" && field("disposal_reason", {}, undefined)}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t("form.sections.network")}</legend>
        <div className="grid3">
          {field("mac", { className: "mono", placeholder: "3C:52:82:1A:2B:3C" }, t("form.macHint"))}
          {field("hostname", { className: "mono", placeholder: "dinkes-pc-04" })}
          {field("ip", { className: "mono", placeholder: "10.20.1.15" })}
          {field("cpu")}
          {field("ram")}
          {field("storage")}
          {field("os")}
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t("form.sections.kib")}</legend>
        <div className="grid3">
          {field("ukuran")}
          {field("bahan")}
          {field("nomor_rangka")}
          {field("nomor_mesin")}
          {field("nomor_polisi")}
          {field("nomor_bpkb")}
          <Field name="keterangan" label={t("form.keterangan")} error={errors.keterangan} wide>
            <textarea id="f-keterangan" rows={2} value={form.keterangan} onChange={set("keterangan")} />
          </Field>
        </div>
      </fieldset>
    </form>
  );
}
