// The change history of a room, node, registration or pool, opened on
// demand: who changed what (person, NIP, role, device) and when.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import type { RecordKind } from "../bindings";
import { useCommand } from "../query";
import { History } from "./History";

const CREATED = ["room.create", "node.create", "registration.submit", "regency.pool", "room.import"];

export function RecordHistory({ kind, id }: { kind: RecordKind; id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const history = useCommand(["record-history", kind, id], () => commands.recordHistory(kind, id), open);
  return (
    <details className="record-history" id={`history-${kind}`} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("detail.history")}</summary>
      {history.error && <div className="alert error">{history.error}</div>}
      {history.data && (
        <History
          entries={history.data}
          created={CREATED}
          label={(f) => t(`fields.${f}`, { defaultValue: f })}
          shown={(_, v) => v || "—"}
        />
      )}
    </details>
  );
}
