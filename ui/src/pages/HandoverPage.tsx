// Serah terima: the chosen assets pass from PIHAK PERTAMA to PIHAK KEDUA
// (or back to the store room), before a witness, on a date. Saved as one
// change; the BAST is then printed from the receiving holder's page.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { HandoverKind, Party_Deserialize as Party } from "../bindings";
import { Field } from "../components/Field";
import { number, today } from "../format";
import { useCommand } from "../query";
import type { Navigate } from "../route";

const EMPTY: Party = { name: "", nip: "", role: "" };

function PartyFields({ id, title, party, set, errors }: { id: string; title: string; party: Party; set: (p: Party) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <fieldset className="plain">
      <legend>{title}</legend>
      <div className="grid3">
        <Field name={`${id}.name`} label={t("stock.memberName")} error={errors[`${id}.name`]}>
          <input id={`${id}-name`} value={party.name ?? ""} onChange={(e) => set({ ...party, name: e.target.value })} />
        </Field>
        <Field name={`${id}.nip`} label="NIP" error={errors[`${id}.nip`]}>
          <input id={`${id}-nip`} className="mono" inputMode="numeric" value={party.nip ?? ""} onChange={(e) => set({ ...party, nip: e.target.value })} />
        </Field>
        <Field name={`${id}.role`} label={t("handover.position")}>
          <input id={`${id}-role`} value={party.role ?? ""} onChange={(e) => set({ ...party, role: e.target.value })} />
        </Field>
      </div>
    </fieldset>
  );
}

export function HandoverPage({ assetIds, giveBack, fromNip, navigate }: { assetIds: string[]; giveBack: boolean; fromNip?: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const defaults = useCommand(["document-defaults"], commands.documentDefaults).data;
  const holder = useCommand(["holder", fromNip], () => commands.holder(fromNip ?? ""), !!fromNip);
  const [kind, setKind] = useState<HandoverKind>(giveBack ? "pengembalian" : "serah_terima");
  const [day, setDay] = useState(today());
  const [from, setFrom] = useState<Party>(EMPTY);
  const [to, setTo] = useState<Party>(EMPTY);
  const [witness, setWitness] = useState<Party>(EMPTY);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  // The pengurus barang hands out of the store room and takes returns;
  // a holder's page names who hands over.
  useEffect(() => {
    const pengurus = defaults?.pengurus_barang;
    const holding = holder.data ? { name: holder.data.name, nip: holder.data.nip, role: "" } : null;
    const store = pengurus?.name ? { name: pengurus.name, nip: pengurus.nip, role: t("handover.pengurus") } : null;
    if (holding) setFrom(holding);
    else if (store && !giveBack) setFrom(store);
    if (store && giveBack) setTo(store);
  }, [defaults, holder.data, giveBack, t]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const h = await commands.handoverSave({ kind, date: day, from, to, witness, asset_ids: assetIds, note });
      navigate({ page: "holder", nip: kind === "serah_terima" ? h.to.nip : h.from.nip });
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <h1>{t("handover.title")}</h1>
      <p className="muted">{t("handover.intro")}</p>
      <form className="card" id="handover-form" onSubmit={save}>
        <p id="handover-count"><strong>{t("handover.assets", { n: number(assetIds.length) })}</strong></p>
        <div className="grid3">
          <Field name="kind" label={t("handover.kind")}>
            <select id="handover-kind" value={kind} onChange={(e) => setKind(e.target.value as HandoverKind)}>
              <option value="serah_terima">{t("handover.kind_serah_terima")}</option>
              <option value="pengembalian">{t("handover.kind_pengembalian")}</option>
            </select>
          </Field>
          <Field name="date" label={t("handover.date")} error={errors.date}>
            <input id="handover-date" type="date" value={day} max={today()} onChange={(e) => setDay(e.target.value)} />
          </Field>
        </div>
        <PartyFields id="from" title={t("handover.from")} party={from} set={setFrom} errors={errors} />
        <PartyFields id="to" title={kind === "pengembalian" ? t("handover.toStore") : t("handover.to")} party={to} set={setTo} errors={errors} />
        <PartyFields id="witness" title={t("handover.witness")} party={witness} set={setWitness} errors={errors} />
        <Field name="note" label={t("maint.note")} wide>
          <input id="handover-note" value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        {errors.asset_ids && <div className="alert error" id="error-asset_ids">{errors.asset_ids}</div>}
        {message && !Object.keys(errors).length && <div className="alert error">{message}</div>}
        <div className="actions wide">
          <button id="handover-save" className="primary" type="submit" disabled={busy || assetIds.length === 0}>{t("handover.save")}</button>
        </div>
      </form>
    </div>
  );
}
