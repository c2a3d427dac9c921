// The network overview: every room with its devices, the address template
// (a regency setting) and printing every label.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { AddressSettings, CableLabel, Node_Serialize as Node, RoomView_Serialize as RoomView } from "../bindings";
import type { Navigate } from "../route";
import { Field } from "../components/Field";

export function Network({ version, navigate }: { version: number; navigate: Navigate }) {
  const { t } = useTranslation();
  const [rooms, setRooms] = useState<RoomView[]>([]);
  const [nodes, setNodes] = useState<Node[]>([]);
  const [stale, setStale] = useState<CableLabel[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    commands.rooms().then(setRooms, (e) => setError(errorMessage(e)));
    commands.nodes(null).then(setNodes, (e) => setError(errorMessage(e)));
    commands.labelsStale().then(setStale, (e) => setError(errorMessage(e)));
  }, [version]);
  const count = (room: string) => nodes.filter((n) => n.room_id === room).length;
  return (
    <div className="page" id="network-page" data-stale={stale?.length}>
      <div className="page-head">
        <div>
          <h1>{t("net.title")}</h1>
          <p className="muted">{t("net.intro")}</p>
        </div>
        <button id="labels-all" onClick={() => navigate({ page: "labels" })}>{t("net.printAll")}</button>
      </div>
      {error && <div className="alert error">{error}</div>}
      {stale && stale.length > 0 && (
        <div className="alert warn" id="labels-stale">
          <strong>{t("net.staleTitle", { n: stale.length })}</strong>{" "}
          <span className="mono">{stale.slice(0, 8).map((l) => l.code).join(", ")}{stale.length > 8 ? " …" : ""}</span>{" "}
          <button id="labels-stale-print" onClick={() => navigate({ page: "labels", stale: true })}>{t("net.stalePrint")}</button>
        </div>
      )}
      <div className="detail-grid two">
        <div className="card">
          <h2>{t("net.rooms")}</h2>
          {rooms.length === 0 ? (
            <p className="muted">{t("locations.empty")}</p>
          ) : (
            <table className="simple" id="network-rooms">
              <thead>
                <tr><th>Kode</th><th>{t("locations.name")}</th><th className="num">{t("net.nodes")}</th><th /></tr>
              </thead>
              <tbody>
                {rooms.map((r) => {
                  const code = r.short_code;
                  return (
                    <tr key={r.id} className="clickable" onClick={() => navigate({ page: "room-network", roomId: r.id })}>
                      <td className="mono">{code}</td>
                      <td>{r.name}</td>
                      <td className="num">{count(r.id)}</td>
                      <td className="num"><button className="link" id={`open-room-${code.replace(".", "-")}`}>{t("net.open")} →</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <TemplateCard />
      </div>
    </div>
  );
}

function TemplateCard() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<AddressSettings | null>(null);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  const [saved, setSaved] = useState(false);
  // The back end renders the example, so it is the address labels will carry.
  const [example, setExample] = useState("");
  useEffect(() => {
    let live = true;
    commands.addressExample(draft).then((x) => live && setExample(x), () => live && setExample("—"));
    return () => { live = false; };
  }, [draft]);
  useEffect(() => {
    commands.addressTemplate().then((s) => { setSettings(s); setDraft(s.template); }, (e) => setError(errorMessage(e)));
  }, []);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await commands.addressTemplateSet(draft);
      setSettings(s);
      setDraft(s.template);
      setError("");
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
      setSaved(false);
    }
  };
  if (!settings) return <div className="card">{t("common.loading")}</div>;
  if (!settings.editable) {
    return (
      <div className="card">
        <h2>{t("net.template")}</h2>
        <p className="mono" id="address-template-shown">{settings.template}</p>
        <p className="muted small">{t("net.templateReadOnly")}</p>
      </div>
    );
  }
  return (
    <form className="card" onSubmit={save}>
      <h2>{t("net.template")}</h2>
      <div className="choices">
        {settings.offered.map((o) => (
          <label key={o.template} className="choice">
            <input type="radio" name="template" checked={draft === o.template} onChange={() => { setDraft(o.template); setSaved(false); }} />
            <span>{o.name}<small className="mono">{o.template}</small></span>
          </label>
        ))}
      </div>
      <Field name="template" label={t("net.template")} error={error} hint={t("net.templateHint")}>
        <input id="address-template" className="mono" value={draft} onChange={(e) => { setDraft(e.target.value); setSaved(false); }} />
      </Field>
      <p className="small">{t("net.example")}: <span className="mono" id="template-example">{example}</span></p>
      <div className="actions">
        {saved && <span className="muted">{t("net.templateSaved")}</span>}
        <button className="primary" type="submit" disabled={draft === settings.template}>{t("common.save")}</button>
      </div>
    </form>
  );
}
