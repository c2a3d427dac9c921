// The path from a port through outlets and patch panels to the switch port,
// shown as steps and printable (the window's print hides the app's chrome).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import { useCommand } from "../query";
import type { Navigate } from "../route";
import { useChoices } from "../choices";

export function TracePage({ nodeId, port, navigate }: { nodeId: string; port: number; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const { data: trace, error } = useCommand(["trace", nodeId, port], () => commands.trace(nodeId, port));
  const [copied, setCopied] = useState(false);
  if (error) return <div className="alert error">{error}</div>;
  if (!trace) return <div className="muted">{t("common.loading")}</div>;
  const start = trace.steps[0];
  const copy = async () => {
    await navigator.clipboard.writeText(trace.text).catch(() => {});
    setCopied(true);
  };
  const openCable = async (code: string) => {
    const s = await commands.scan(code).catch(() => null);
    if (s?.kind === "cable") navigate({ page: "cable", id: s.id });
  };
  return (
    <div className="page trace-page">
      <div className="page-head">
        <div>
          <button className="link no-print" onClick={() => navigate({ page: "network" })}>← {t("net.title")}</button>
          <h1>{t("trace.title")}</h1>
          {start && <div className="muted">{t("trace.from", { address: start.address })} · {t("trace.hops", { n: trace.steps.length })}</div>}
        </div>
        <div className="actions no-print">
          {copied && <span className="muted">{t("trace.copied")}</span>}
          <button id="trace-copy" onClick={copy}>{t("trace.copy")}</button>
          <button id="trace-print" className="primary" onClick={() => window.print()}>{t("trace.print")}</button>
        </div>
      </div>
      <div className="card">
        {trace.steps.length < 2 && <p className="muted">{t("trace.empty")}</p>}
        <ol className="trace" id="trace-steps">
          {trace.steps.map((s, i) => (
            <li key={i} className={`trace-step kind-${s.kind}`}>
              {i > 0 && (
                <button className="link trace-cable" onClick={() => openCable(s.cable_code)}>
                  {t("trace.via")} <span className="mono">{s.cable_code}</span>
                </button>
              )}
              <div className="trace-node">
                <span className="mono trace-address">{s.address}</span>
                <span>{s.node_name}</span>
                <span className="muted small">{label("node_kind", s.kind)}</span>
              </div>
            </li>
          ))}
        </ol>
        <pre className="trace-text print-only" id="trace-text">{trace.text}</pre>
      </div>
    </div>
  );
}
