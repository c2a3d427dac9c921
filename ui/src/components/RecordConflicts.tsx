// The inbox entries that involve the record on screen (a duplicate IP, a
// port clash...), with a link to the inbox where they are settled.
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import { useCommand } from "../query";
import type { Conflict } from "../bindings";
import type { Navigate } from "../route";

export function RecordConflicts({ id, navigate }: { id: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const list: Conflict[] = useCommand(["conflicts-of", id], () => commands.conflictsOf(id)).data ?? [];
  const shown = list.filter((c) => c.kind !== "concurrent_edit");
  if (shown.length === 0) return null;
  return (
    <div className="alert warn" id="record-conflicts">
      {shown.map((c) => (
        <div key={c.key}>⚠ {t(`inbox.kinds.${c.kind}`)}: <span className="mono">{c.subject}</span></div>
      ))}
      <button className="link" id="record-conflicts-open" onClick={() => navigate({ page: "inbox" })}>{t("inbox.openInbox")} →</button>
    </div>
  );
}
