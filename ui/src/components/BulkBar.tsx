// The asset list's bulk actions: what is selected, and one action at a time
// (move to a room, hand to a holder, re-rate the condition, log one
// maintenance entry on each, print tags), each stored as one change.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { AssetQuery, BulkEdit } from "../bindings";
import type { Navigate } from "../route";
import { useChoices } from "../choices";
import { useCommand } from "../query";
import { number } from "../format";
import { MaintenanceFields, newMaintenance, type MaintenanceForm } from "./MaintenanceFields";

/** Tags are printed for explicit selections; "all matching" may be too many for one run. */
const MAX_TAGS = 2000;

type Action = "move" | "holder" | "condition" | "maintenance";

export function BulkBar(props: {
  ids: string[];
  /** Set when every asset matching the list's query is selected. */
  query: AssetQuery | null;
  total: number;
  clear: () => void;
  navigate: Navigate;
}) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const rooms = useCommand(["rooms"], commands.rooms).data ?? [];
  const [action, setAction] = useState<Action | "">("");
  const [room, setRoom] = useState("");
  const [holder, setHolder] = useState({ name: "", nip: "" });
  const [condition, setCondition] = useState("B");
  const [entry, setEntry] = useState<MaintenanceForm>(newMaintenance);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const count = props.query ? props.total : props.ids.length;

  const apply = async () => {
    const selection = { ids: props.query ? [] : props.ids, query: props.query };
    const edit: BulkEdit | null = action === "move" ? { kind: "move", room_id: room }
      : action === "holder" ? { kind: "holder", holder_name: holder.name, holder_nip: holder.nip }
      : action === "condition" ? { kind: "condition", condition }
      : null;
    if (!edit && action !== "maintenance") return;
    setBusy(true);
    setErrors({});
    try {
      const done = edit
        ? await commands.assetsBulkEdit(selection, edit)
        : await commands.assetsBulkMaintenance(selection, { ...entry, asset_id: "" });
      const text = edit
        ? t("bulk.done", { changed: number(done.changed), selected: number(done.selected) })
        : t("bulk.logged", { n: number(done.changed) });
      setMessage({ ok: true, text });
      setAction("");
      setEntry(newMaintenance());
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === "Escape") props.clear();
  };
  return (
    <div className="bulk-bar card" id="bulk-bar" onKeyDown={onKey}>
      <div className="bulk-row">
        <strong id="bulk-count">{props.query ? t("bulk.allMatching", { n: number(count) }) : t("bulk.selected", { n: number(count) })}</strong>
        <select id="bulk-action" value={action} onChange={(e) => { setAction(e.target.value as Action | ""); setMessage(null); }} aria-label={t("bulk.action")}>
          <option value="">{t("bulk.action")}</option>
          <option value="move">{t("bulk.move")}</option>
          <option value="holder">{t("bulk.holder")}</option>
          <option value="condition">{t("bulk.condition")}</option>
          <option value="maintenance">{t("bulk.maintenance")}</option>
        </select>
        {action === "move" && (
          <select id="bulk-room" value={room} onChange={(e) => setRoom(e.target.value)} aria-label={t("bulk.room")}>
            <option value="">{t("bulk.noRoom")}</option>
            {rooms.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        )}
        {action === "holder" && (
          <>
            <input id="bulk-holder-name" placeholder={t("bulk.holderName")} value={holder.name} onChange={(e) => setHolder({ ...holder, name: e.target.value })} />
            <input id="bulk-holder-nip" placeholder={t("bulk.holderNip")} value={holder.nip} onChange={(e) => setHolder({ ...holder, nip: e.target.value })} />
          </>
        )}
        {action === "condition" && (
          <select id="bulk-condition" value={condition} onChange={(e) => setCondition(e.target.value)} aria-label={t("bulk.condition")}>
            {options("condition").map((c) => <option key={c.value} value={c.value}>{label("condition", c.value)}</option>)}
          </select>
        )}
        {action && <button id="bulk-apply" className="primary writes" disabled={busy} onClick={apply}>{t("bulk.apply", { n: number(count) })}</button>}
        <span className="spacer" />
        <button id="bulk-handover" className="writes" disabled={!!props.query} title={props.query ? t("bulk.tagsPick") : ""} onClick={() => props.navigate({ page: "handover", assetIds: props.ids })}>{t("handover.start")}</button>
        <button id="bulk-tags" disabled={!!props.query || count > MAX_TAGS} title={props.query ? t("bulk.tagsPick") : ""} onClick={() => props.navigate({ page: "tags", assetIds: props.ids })}>{t("tags.printRoom")}</button>
        <button id="bulk-clear" className="link" onClick={props.clear}>{t("bulk.clear")}</button>
      </div>
      {action === "holder" && <p className="muted small">{t("bulk.holderHint")}</p>}
      {action === "maintenance" && (
        <div className="grid2 maint-form" id="bulk-maintenance">
          <MaintenanceFields form={entry} setForm={setEntry} errors={errors} idPrefix="bulk-maint" />
        </div>
      )}
      {message && <div id="bulk-result" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </div>
  );
}
