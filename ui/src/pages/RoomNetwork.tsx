// One room's network: add a 24/48-port panel in one step or any device,
// see each panel and switch as a grid of ports coloured by state, cable
// port by port from the keyboard, and list the room's cables.
import { useRef, useState } from "react";
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { AssetRow_Serialize as AssetRow, Node_Serialize as Node, NodeKind, PortView } from "../bindings";
import type { Navigate } from "../route";
import { Field } from "../components/Field";
import { useCommand } from "../query";
import { PortGrid, PortLegend } from "../components/PortGrid";
import { RecordHistory } from "../components/RecordHistory";
import { CablingForm, type CablingHandle } from "../components/CablingForm";
import { useChoices } from "../choices";

const GRID_KINDS: NodeKind[] = ["patch_panel", "switch", "router"];

export function RoomNetwork({ roomId, navigate }: { roomId: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const roomList = useCommand(["rooms"], commands.rooms);
  const nodeList = useCommand(["nodes", null], () => commands.nodes(null));
  const cableList = useCommand(["cable-labels", roomId], () => commands.cableLabels(roomId));
  const rooms = roomList.data ?? [];
  const nodes = nodeList.data ?? [];
  const cables = cableList.data ?? [];
  const grids = nodes.filter((n) => n.room_id === roomId && GRID_KINDS.includes(n.kind));
  const maps = useQueries({ queries: grids.map((n) => ({ queryKey: ["port-map", n.id], queryFn: () => commands.portMap(n.id) })) });
  const ports: Record<string, PortView[]> = Object.fromEntries(grids.map((n, i) => [n.id, maps[i]?.data ?? []]));
  const [failed, setError] = useState("");
  const mapError = maps.find((m) => m.error)?.error;
  const error = failed || roomList.error || nodeList.error || cableList.error || (mapError ? errorMessage(mapError) : "");
  const [picked, setPicked] = useState<{ node: string; port: number } | null>(null);
  const cabling = useRef<CablingHandle>(null);

  const room = rooms.find((r) => r.id === roomId);
  const here = nodes.filter((n) => n.room_id === roomId);
  const addPanel = async (n: number) => {
    try {
      await commands.panelAdd(roomId, n);
      setError("");
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (!room) return <div className="muted">{error || t("common.loading")}</div>;
  const code = room.short_code;
  return (
    <div className="page room-network">
      <div className="page-head">
        <div>
          <button className="link" onClick={() => navigate({ page: "network" })}>← {t("net.title")}</button>
          <h1 id="room-title"><span className="mono">{code}</span> {room.name}</h1>
        </div>
        <div className="actions">
          <button id="panel-24" className="writes" onClick={() => addPanel(24)}>{t("net.panel24")}</button>
          <button id="panel-48" className="writes" onClick={() => addPanel(48)}>{t("net.panel48")}</button>
          <button id="room-labels" onClick={() => navigate({ page: "labels", roomId })}>{t("net.printRoom")}</button>
        </div>
      </div>
      {error && <div className="alert error">{error}</div>}
      {here.length === 0 && <p className="muted">{t("net.noNodes")}</p>}
      {here.filter((n) => GRID_KINDS.includes(n.kind)).map((n) => (
        <div className="card node-card" key={n.id} id={`node-${n.code}`}>
          <div className="card-head">
            <h2><span className="mono">{n.code}</span> · {n.name || label("node_kind", n.kind)} <span className="muted small">{n.ports} port</span></h2>
            {n.asset_id ? (
              <button className="link" id={`node-maint-${n.code}`} onClick={() => navigate({ page: "asset", id: n.asset_id })}>{t("net.maintenance")}</button>
            ) : (
              <span className="muted small">{t("net.noAssetForMaintenance")}</span>
            )}
          </div>
          <PortGrid
            code={n.code}
            ports={ports[n.id] ?? []}
            selected={picked?.node === n.id ? picked.port : undefined}
            onPick={(port) => {
              setPicked({ node: n.id, port });
              cabling.current?.pickA(n.id, port);
            }}
          />
          <RecordHistory kind="node" id={n.id} />
        </div>
      ))}
      {here.some((n) => GRID_KINDS.includes(n.kind)) && <PortLegend />}
      <CablingForm ref={cabling} roomId={roomId} rooms={rooms} nodes={nodes} />
      <div className="detail-grid two">
        <div className="card">
          <h2>{t("net.roomCables")}</h2>
          {cables.length === 0 ? (
            <p className="muted">{t("net.noCables")}</p>
          ) : (
            <table className="simple" id="room-cables">
              <thead><tr><th>{t("net.code")}</th><th>{t("net.label")}</th></tr></thead>
              <tbody>
                {cables.map((c) => (
                  <tr key={c.cable_id} className="clickable" onClick={() => navigate({ page: "cable", id: c.cable_id })}>
                    <td className="mono">{c.code}</td>
                    <td className="mono small">{c.a} &lt;&gt; {c.b}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="card">
          <NodeForm roomId={roomId} />
          <OtherNodes nodes={here.filter((n) => !GRID_KINDS.includes(n.kind))} navigate={navigate} />
        </div>
      </div>
    </div>
  );
}

const DEFAULT_PORTS: Record<NodeKind, number> = {
  rack: 0, patch_panel: 24, switch: 24, router: 8, access_point: 1, wall_outlet: 1, end_device: 1,
};
const KINDS = Object.keys(DEFAULT_PORTS) as NodeKind[];

function NodeForm({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const empty = { code: "", kind: "switch" as NodeKind, name: "", ports: "24", asset_id: "" };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const assets: AssetRow[] = useCommand(["room-assets", roomId], () => commands.assetsPage({ room_id: roomId, limit: 200 })).data?.rows ?? [];
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.nodeSave({ ...form, room_id: roomId, ports: Number(form.ports) || 0 });
      setForm({ ...empty, kind: form.kind, ports: form.ports });
      setErrors({});
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { code: errorMessage(err) });
    }
  };
  return (
    <form onSubmit={save} id="node-form" className="writes">
      <h2>{t("net.addNode")}</h2>
      <div className="grid2">
        <Field name="kind" label={t("net.kind")}>
          <select id="node-kind" value={form.kind} onChange={(e) => {
            const kind = e.target.value as NodeKind;
            setForm({ ...form, kind, ports: String(DEFAULT_PORTS[kind]) });
          }}>
            {KINDS.map((k) => <option key={k} value={k}>{label("node_kind", k)}</option>)}
          </select>
        </Field>
        <Field name="code" label={t("net.code")} error={errors.code}>
          <input id="node-code" className="mono" placeholder="SW1" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field name="name" label={t("net.name")} error={errors.name}>
          <input id="node-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field name="ports" label={t("net.ports")} error={errors.ports}>
          <input id="node-ports" className="mono" inputMode="numeric" value={form.ports} onChange={(e) => setForm({ ...form, ports: e.target.value })} />
        </Field>
        {form.kind === "end_device" && (
          <Field name="asset_id" label={t("net.asset")} wide>
            <select id="node-asset" value={form.asset_id} onChange={(e) => setForm({ ...form, asset_id: e.target.value })}>
              <option value="">{t("net.noAsset")}</option>
              {assets.map((a) => <option key={a.id} value={a.id}>{`${a.nama} ${a.merk_type} · ${a.kode_barang}.${a.nomor_register}`}</option>)}
            </select>
          </Field>
        )}
      </div>
      <div className="actions">
        <button id="node-save" className="primary" type="submit">{t("common.add")}</button>
      </div>
    </form>
  );
}

function OtherNodes({ nodes, navigate }: { nodes: Node[]; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  if (!nodes.length) return null;
  return (
    <table className="simple other-nodes" id="other-nodes">
      <thead><tr><th>{t("net.code")}</th><th>{t("net.kind")}</th><th className="num">{t("net.ports")}</th><th /></tr></thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.id}>
            <td className="mono">{n.code}</td>
            <td>{n.name || label("node_kind", n.kind)}</td>
            <td className="num">{n.ports}</td>
            <td className="num">
              {n.ports > 0 && (
                <button className="link" id={`trace-${n.code}`} onClick={() => navigate({ page: "trace", nodeId: n.id, port: 1 })}>{t("net.trace")} →</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
