// The conflict inbox: everything that clashes after offline devices merged,
// each with the records involved (links) and the actions that settle it.
// Regency-wide on a Diskominfo device, the own OPD's elsewhere.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { Conflict, ConflictRecord } from "../bindings";
import { useCommand } from "../query";
import type { Navigate } from "../route";
import { Conflicts } from "../components/Conflicts";

export function Inbox({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const conflicts = useCommand(["conflicts"], commands.conflicts);
  const list = conflicts.data ?? null;
  const [failed, setError] = useState("");
  const error = failed || conflicts.error;
  const [done, setDone] = useState("");
  // The back end announces each settled entry; the list then refetches.
  const act = async (run: () => Promise<string>, message = "inbox.done") => {
    try {
      const value = await run();
      setDone(t(message, { value }));
      setError("");
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  // A concurrent edit names fields: show their labels, not their keys.
  const subject = (c: Conflict) => c.kind === "concurrent_edit"
    ? c.subject.split(", ").map((f) => t(`form.${f}`, { defaultValue: f })).join(", ")
    : c.subject;
  const open = (r: ConflictRecord) => {
    switch (r.kind) {
      case "asset": return navigate({ page: "asset", id: r.id });
      case "cable": return navigate({ page: "cable", id: r.id });
      case "node": return navigate({ page: "network" });
      case "room": return navigate({ page: "locations" });
    }
  };
  // The action that settles an entry, on the records this device may edit:
  // one click where the right value follows from the data (a free IP, the
  // next number or code, a removed cable), the asset form where a person
  // must read a label (MAC, serial), the competing values of a field.
  const action = (c: Conflict, r: ConflictRecord) => {
    if (!r.editable) return null;
    const id = `${c.kind}-${r.id}`;
    switch (c.kind) {
      case "duplicate_ip":
      case "ip_outside_pool":
        return <button id={`reassign-${id}`} className="writes" onClick={() => act(() => commands.conflictReassignIp(r.id))}>{t("inbox.reassign")}</button>;
      case "duplicate_register":
        return <button id={`renumber-${id}`} className="writes" onClick={() => act(() => commands.conflictRenumber(r.id))}>{t("inbox.renumber")}</button>;
      case "duplicate_cable_code":
        return <button id={`recode-${id}`} className="writes" onClick={() => act(() => commands.conflictRecode(r.id))}>{t("inbox.recode")}</button>;
      case "duplicate_node_code":
        return <button id={`rename-${id}`} className="writes" onClick={() => act(() => commands.conflictRenameNode(r.id), "inbox.renamed")}>{t("inbox.rename")}</button>;
      case "duplicate_room_code":
        return <button id={`rename-${id}`} className="writes" onClick={() => act(() => commands.conflictRenameRoom(r.id), "inbox.renamed")}>{t("inbox.rename")}</button>;
      case "duplicate_hostname":
        return r.kind === "asset" ? <button id={`fix-${id}`} className="writes" onClick={() => navigate({ page: "asset-form", id: r.id })}>{t("inbox.fix")}</button> : null;
      case "port_two_cables":
        return <button id={`retire-${id}`} className="writes" onClick={() => act(() => commands.conflictRetireCable(r.id), "inbox.retired")}>{t("inbox.retire")}</button>;
      case "duplicate_mac":
      case "duplicate_serial":
        return r.kind === "asset" ? <button id={`fix-${id}`} className="writes" onClick={() => navigate({ page: "asset-form", id: r.id })}>{t("inbox.fix")}</button> : null;
      case "concurrent_edit":
        return <Conflicts id={r.id} compact />;
    }
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("inbox.title")}</h1>
          <p className="muted">{t("inbox.intro")}</p>
        </div>
      </div>
      {error && <div className="alert error">{error}</div>}
      {done && <div className="alert ok" id="inbox-done">{done}</div>}
      {list === null ? <p className="muted">{t("common.loading")}</p> : list.length === 0 ? (
        <div className="empty" id="inbox-empty">{t("inbox.empty")}</div>
      ) : (
        <div className="inbox-list" id="inbox">
          {list.map((c) => (
            <div key={c.key} className="card inbox-entry" data-kind={c.kind} id={`conflict-${c.key.replace(/[^A-Za-z0-9]/g, "-")}`}>
              <h3>{t(`inbox.kinds.${c.kind}`)}: <span className={c.kind === "concurrent_edit" ? "" : "mono"}>{subject(c)}</span></h3>
              <p className="small muted">{t(`inbox.help.${c.kind}`)}</p>
              <div className="records">
                {c.records.map((r) => (
                  <div className="record" key={r.id}>
                    <span className="opd">{r.opd}</span>
                    <button className="link" onClick={() => open(r)}>{r.label}</button>
                    {action(c, r)}
                  </div>
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
