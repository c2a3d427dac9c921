// A holder's page (by NIP): the assets they hold, the handovers naming
// them with each one's BAST, and "hand everything back" for a mutasi.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { Handover_Serialize as Handover } from "../bindings";
import { useChoices } from "../choices";
import { Field } from "../components/Field";
import { pickSavePath } from "../files";
import { date, nip as formatNip, number } from "../format";
import { useCommand } from "../query";
import type { Navigate } from "../route";

type Message = { ok: boolean; text: string } | null;

function BastButton({ h, place, setMessage }: { h: Handover; place: string; setMessage: (m: Message) => void }) {
  const { t } = useTranslation();
  const save = async () => {
    const path = await pickSavePath(`BAST-${h.date}.pdf`, [{ name: "PDF", extensions: ["pdf"] }]);
    if (!path) return;
    try {
      const w = await commands.bastSave(path, h.id, place);
      setMessage({ ok: true, text: t("handover.bastWritten", w) });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  return <button className="link" id={`bast-${h.id}`} onClick={() => void save()}>{t("handover.bast")}</button>;
}

export function HolderPage({ nip, navigate }: { nip: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const view = useCommand(["holder", nip], () => commands.holder(nip));
  const defaults = useCommand(["document-defaults"], commands.documentDefaults).data;
  const [place, setPlace] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  if (view.error) return <div className="page"><div className="alert error">{view.error}</div></div>;
  if (!view.data) return <div className="muted">{t("common.loading")}</div>;
  const v = view.data;
  const where = place ?? defaults?.signer.place ?? "";
  return (
    <div className="page">
      <h1 id="holder-heading">{v.name || t("handover.unknownName")}</h1>
      <p className="muted mono">NIP {formatNip(v.nip)}</p>
      <div className="card">
        <div className="card-head">
          <h2>{t("handover.holds", { n: number(v.assets.length) })}</h2>
          <span className="actions">
            <button id="holder-give" disabled={v.assets.length === 0} onClick={() => navigate({ page: "handover", assetIds: v.assets.map((a) => a.id), fromNip: v.nip })}>{t("handover.handOn")}</button>
            <button id="holder-return-all" disabled={v.assets.length === 0} onClick={() => navigate({ page: "handover", assetIds: v.assets.map((a) => a.id), giveBack: true, fromNip: v.nip })}>{t("handover.returnAll")}</button>
          </span>
        </div>
        {v.assets.length === 0 ? <p className="muted">{t("handover.holdsNothing")}</p> : (
          <table className="simple" id="holder-assets">
            <tbody>
              {v.assets.map((a) => (
                <tr key={a.id} className="clickable" onClick={() => navigate({ page: "asset", id: a.id })}>
                  <td>{a.label}</td><td>{a.room}</td><td>{label("condition", a.condition)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>{t("handover.history")}</h2>
        <div className="grid3">
          <Field name="place" label={t("reports.place")}>
            <input id="holder-place" value={where} onChange={(e) => setPlace(e.target.value)} />
          </Field>
        </div>
        {v.handovers.length === 0 ? <p className="muted">{t("handover.none")}</p> : (
          <table className="simple" id="holder-handovers">
            <tbody>
              {v.handovers.map((h) => (
                <tr key={h.id}>
                  <td>{date(h.date)}</td>
                  <td>{t(`handover.kind_${h.kind}`)}</td>
                  <td>{h.from.name} → {h.to.name}</td>
                  <td className="num">{t("handover.assets", { n: number(h.asset_ids.length) })}</td>
                  <td className="num"><BastButton h={h} place={where} setMessage={setMessage} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {message && <div className={`alert ${message.ok ? "ok" : "error"} bast-message`}>{message.text}</div>}
      </div>
    </div>
  );
}
