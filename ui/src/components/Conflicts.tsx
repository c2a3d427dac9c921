// Fields two devices changed at the same time: every value is shown, and
// the one the user picks is written (and synced) as the settled value.
// `compact` drops the card's heading, for a record listed in the inbox.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import { useCommand } from "../query";

export function Conflicts({ id, compact = false }: { id: string; compact?: boolean }) {
  const { t } = useTranslation();
  const conflicts = useCommand(["field-conflicts", id], () => commands.assetConflicts(id));
  const list = conflicts.data ?? [];
  const [failed, setError] = useState("");
  const error = failed || conflicts.error;
  if (list.length === 0 && !error) return null;
  // The back end announces the settled value; the list then refetches.
  const pick = async (field: string, value: string) => {
    try {
      await commands.conflictSettle(id, field, value);
      setError("");
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className={compact ? "conflict-inline" : "card conflict-card"} id={compact ? `conflicts-${id}` : "conflicts"}>
      {!compact && <h2>⚠ {t("conflict.title")}</h2>}
      {!compact && <p className="muted">{t("conflict.intro")}</p>}
      {error && <div className="alert error">{error}</div>}
      {list.map((c) => (
        <div key={c.field} className="conflict">
          <strong>{t(`form.${c.field}`, { defaultValue: c.field })}</strong>
          <div className="choices">
            {c.values.map((v) => (
              <button key={v} className="choice" data-field={c.field} data-value={v} onClick={() => pick(c.field, v)}>
                {v || t("detail.empty")}
                <small>{t("conflict.use")}</small>
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
