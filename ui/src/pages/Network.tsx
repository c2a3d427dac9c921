// The network overview: every room with its devices, the address template
// (a regency setting) and printing every label.
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { AddressSettings } from "../bindings";
import { queryClient, useCommand } from "../query";
import type { Navigate } from "../route";
import { Field } from "../components/Field";

export function Network({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const roomList = useCommand(["rooms"], commands.rooms);
  const nodeList = useCommand(["nodes", null], () => commands.nodes(null));
  const staleList = useCommand(["labels-stale"], commands.labelsStale);
  const rooms = roomList.data ?? [];
  const nodes = nodeList.data ?? [];
  const stale = staleList.data ?? null;
  const error = roomList.error || nodeList.error || staleList.error;
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
  const current = useCommand(["address-template"], commands.addressTemplate);
  const settings: AddressSettings | undefined = current.data;
  // The text being edited; until the user types, the saved template.
  const [edited, setDraft] = useState<string | null>(null);
  const draft = edited ?? settings?.template ?? "";
  const [failed, setError] = useState("");
  const error = failed || current.error;
  const [saved, setSaved] = useState(false);
  // The back end renders the example, so it is the address labels will carry.
  const example = useQuery({ queryKey: ["address-example", draft], queryFn: () => commands.addressExample(draft), placeholderData: keepPreviousData });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      queryClient.setQueryData(["address-template"], await commands.addressTemplateSet(draft));
      setDraft(null);
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
    <form className="card writes" onSubmit={save}>
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
      <p className="small">{t("net.example")}: <span className="mono" id="template-example">{example.isError ? "—" : example.data ?? ""}</span></p>
      <div className="actions">
        {saved && <span className="muted">{t("net.templateSaved")}</span>}
        <button className="primary" type="submit" disabled={draft === settings.template}>{t("common.save")}</button>
      </div>
    </form>
  );
}
