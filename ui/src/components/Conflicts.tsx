// Fields two devices changed at the same time: every value is shown, and
// the one the user picks is written (and synced) as the settled value.
// `compact` drops the card's heading, for a record listed in the inbox.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import type { FieldConflict } from "../bindings";

export function Conflicts({ id, version, compact = false, onSettled }: {
  id: string; version: number; compact?: boolean; onSettled?: () => void;
}) {
  const { t } = useTranslation();
  const [list, setList] = useState<FieldConflict[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    commands.assetConflicts(id).then(setList, (e) => setError(errorMessage(e)));
  }, [id, version]);
  if (list.length === 0 && !error) return null;
  const pick = async (field: string, value: string) => {
    try {
      await commands.conflictSettle(id, field, value);
      setList(await commands.assetConflicts(id));
      onSettled?.();
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
