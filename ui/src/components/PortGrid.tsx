// A node's ports as a grid coloured by state, laid out like the front of a
// panel (24 to a row). A clash (two cables on one side, made by two offline
// devices) shows red. Clicking a port picks it.
import { useTranslation } from "react-i18next";
import type { PortView } from "../bindings";

export type PortState = "free" | "direncanakan" | "terpasang" | "teruji" | "clash";

export function portState(p: PortView): PortState {
  if (p.clash) return "clash";
  const live = p.cables.map((c) => c.status);
  if (live.includes("teruji")) return "teruji";
  if (live.includes("terpasang")) return "terpasang";
  if (live.includes("direncanakan")) return "direncanakan";
  return "free";
}

export function PortGrid(props: { code: string; ports: PortView[]; selected?: number; onPick: (port: number) => void }) {
  const { t } = useTranslation();
  const columns = Math.min(24, props.ports.length);
  return (
    <div className="port-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(26px, 1fr))` }}>
      {props.ports.map((p) => {
        const state = portState(p);
        const title = [
          p.address,
          ...p.cables.map((c) => `${c.code}${c.side === "whole" ? "" : ` (${t(`net.${c.side}`)})`} → ${c.far}`),
        ].join("\n");
        return (
          <button
            key={p.port}
            type="button"
            id={`port-${props.code}-${p.port}`}
            data-state={state}
            className={`port port-${state}${props.selected === p.port ? " selected" : ""}`}
            title={title}
            onClick={() => props.onPick(p.port)}
          >
            {p.port}
            {p.cables.length > 1 && !p.clash && <span className="port-both" aria-hidden>•</span>}
          </button>
        );
      })}
    </div>
  );
}

export function PortLegend() {
  const { t } = useTranslation();
  return (
    <div className="port-legend">
      {(["free", "direncanakan", "terpasang", "teruji", "clash"] as const).map((s) => (
        <span key={s}><i className={`port-swatch port-${s}`} />{t(`net.legend.${s}`)}</span>
      ))}
    </div>
  );
}
