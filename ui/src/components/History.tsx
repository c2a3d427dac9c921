// A record's change history (read from its Automerge changes): what changed,
// who signed it (person, NIP, role) on which device, when, and a badge when
// the signature is missing or does not hold. Shared by the detail pages.
import { useTranslation } from "react-i18next";
import type { HistoryEntry } from "../bindings";
import { dateTime, nip } from "../format";

export function History(props: {
  entries: HistoryEntry[];
  /** Actions that created the record: show a field count, not the fields. */
  created: string[];
  label: (field: string) => string;
  shown: (field: string, value: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <ol className="timeline" id="history">
      {[...props.entries].reverse().map((h) => (
        <li key={h.hash} className="history-entry">
          <div className="when">
            <strong>{t(`detail.actions.${h.action}`, { defaultValue: h.action })}</strong>
            <span>
              {dateTime(h.time_ms ?? 0)} ·{" "}
              {h.person && (
                <span className="signer">
                  {h.person.name} <span className="mono">NIP {nip(h.person.nip)}</span> ({h.person.role}) ·{" "}
                </span>
              )}
              {h.device}
              {(h.signature === "unsigned" || h.signature === "invalid") && (
                <span className={`badge signature-${h.signature}`} title={t(`signature.${h.signature}`)}>
                  {t(`signature.${h.signature}`)}
                </span>
              )}
            </span>
          </div>
          {props.created.includes(h.action) ? (
            <div className="muted small">{t("detail.fields", { count: h.fields.length })}</div>
          ) : (
            <ul className="changes">
              {h.fields.filter((f) => f.field !== "updated_at").map((f) => (
                <li key={f.field}>
                  <span className="fname">{props.label(f.field)}</span>
                  <span className="old">{props.shown(f.field, f.old)}</span> → <span className="new">{props.shown(f.field, f.new)}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
