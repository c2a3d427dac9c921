// One cable: its label (both addresses, following ends that move), its data,
// a form to change it, its history, the trace from either end and printing
// its two labels.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import { useCommand } from "../query";
import type { CableDetail_Serialize as Detail, CableKind, CableStatus, Node_Serialize as Node } from "../bindings";
import type { Navigate } from "../route";
import { Field } from "../components/Field";
import { History } from "../components/History";
import { Conflicts } from "../components/Conflicts";
import { RecordConflicts } from "../components/RecordConflicts";
import { useChoices } from "../choices";


export function CableDetail({ id, navigate }: { id: string; navigate: Navigate }) {
  const { t } = useTranslation();
  const { label } = useChoices();
  const { data: d, error } = useCommand(["cable", id], () => commands.cableDetail(id));
  const nodes = useCommand(["nodes", null], () => commands.nodes(null)).data ?? [];
  const [editing, setEditing] = useState(false);
  if (error) return <div className="alert error">{error}</div>;
  if (!d) return <div className="muted">{t("common.loading")}</div>;
  const c = d.cable;
  const node = (nid: string) => nodes.find((n) => n.id === nid);
  const nodeName = (nid: string) => {
    const n = node(nid);
    return n ? `${n.code} — ${n.name || label("node_kind", n.kind)}` : nid;
  };
  const row = (label: string, value: React.ReactNode, mono = false) => (
    <div className="kv">
      <span>{label}</span>
      <strong className={mono ? "mono" : ""}>{value || t("common.none")}</strong>
    </div>
  );
  const shown = (field: string, v: string) => {
    if (!v) return t("detail.empty");
    if (field === "a_node" || field === "b_node") return node(v)?.code ?? v;
    if (field === "kind") return label("cable_kind", v);
    if (field === "status") return label("cable_status", v);
    return v;
  };
  return (
    <div className="page detail-page">
      <div className="page-head">
        <div>
          <button className="link" onClick={() => { const n = node(c.a_node); navigate(n ? { page: "room-network", roomId: n.room_id } : { page: "network" }); }}>← {t("net.title")}</button>
          <h1 id="cable-title">{t("cable.title", { code: c.code })} <span className={`badge cable-${c.status}`}>{label("cable_status", c.status)}</span></h1>
          <div className="mono label-text" id="cable-label">{d.label.a} &lt;&gt; {d.label.b}</div>
        </div>
        <div className="actions">
          <button id="cable-print" onClick={() => navigate({ page: "labels", cableId: c.id })}>{t("cable.printLabel")}</button>
          <button id="cable-edit" className="primary writes" onClick={() => setEditing(!editing)}>{editing ? t("common.cancel") : t("common.edit")}</button>
        </div>
      </div>
      <Conflicts id={c.id} />
      <RecordConflicts id={c.id} navigate={navigate} />
      {editing && <CableEdit d={d} nodes={nodes} onDone={() => setEditing(false)} />}
      <div className="detail-grid">
        <div className="card">
          <h2>{t("cable.ends")}</h2>
          {(["a", "b"] as const).map((end) => {
            const nid = end === "a" ? c.a_node : c.b_node;
            const port = end === "a" ? c.a_port : c.b_port;
            return (
              <div className="cable-end" key={end}>
                <div className="muted small">{end === "a" ? t("net.endA") : t("net.endB")}</div>
                <div className="mono cable-address" id={`cable-end-${end}`}>{end === "a" ? d.label.a : d.label.b}</div>
                <div className="small">{nodeName(nid)}</div>
                <button className="link" id={`trace-from-${end}`} onClick={() => navigate({ page: "trace", nodeId: nid, port })}>
                  {t("cable.traceFrom", { end: end.toUpperCase() })} →
                </button>
              </div>
            );
          })}
        </div>
        <div className="card">
          <h2>{t("cable.details")}</h2>
          {row(t("net.kind"), label("cable_kind", c.kind))}
          {row(t("net.length"), c.length_m ? `${c.length_m} m` : "")}
          {row(t("net.color"), c.color)}
          {row(t("cable.installer"), c.installer)}
          {row(t("cable.date"), c.installed_on, true)}
          {row(t("cable.notes"), c.notes)}
        </div>
        <div className="card">
          <h2>{t("cable.history")}</h2>
          <History
            entries={d.history}
            created={["cable.create", "demo", "import"]}
            label={(f) => t(`cable.fields.${f}`, { defaultValue: f }) as string}
            shown={shown}
          />
        </div>
      </div>
    </div>
  );
}

function CableEdit({ d, nodes, onDone }: { d: Detail; nodes: Node[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const c = d.cable;
  const [f, setF] = useState({
    code: c.code, a_node: c.a_node, a_port: String(c.a_port), b_node: c.b_node, b_port: String(c.b_port),
    kind: c.kind, length: c.length_m ? String(c.length_m) : "", color: c.color, status: c.status,
    installer: c.installer, installed_on: c.installed_on, notes: c.notes,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const length = f.length.trim() === "" ? 0 : Number(f.length.replace(",", "."));
    try {
      await commands.cableSave({
        id: c.id, code: f.code,
        a: { node_id: f.a_node, port: Number(f.a_port) || 0 },
        b: { node_id: f.b_node, port: Number(f.b_port) || 0 },
        kind: f.kind as CableKind, length_m: Number.isFinite(length) ? length : -1, color: f.color,
        status: f.status as CableStatus, installer: f.installer, installed_on: f.installed_on, notes: f.notes,
      });
      onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  const nodeSelect = (id: string, k: "a_node" | "b_node") => (
    <select id={id} value={f[k]} onChange={set(k)}>
      {nodes.filter((n) => n.ports > 0).map((n) => <option key={n.id} value={n.id}>{`${n.code} — ${n.name || label("node_kind", n.kind)}`}</option>)}
    </select>
  );
  return (
    <form className="card" onSubmit={save} id="cable-edit-form">
      <div className="grid3">
        <Field name="code" label={t("cable.code")} error={errors.code}><input id="edit-code" className="mono" value={f.code} onChange={set("code")} /></Field>
        <Field name="a" label={t("net.endA")} error={errors.a}>{nodeSelect("edit-a-node", "a_node")}</Field>
        <Field name="a_port" label={t("net.port")}><input id="edit-a-port" className="mono" value={f.a_port} onChange={set("a_port")} /></Field>
        <Field name="status" label={t("net.status")}>
          <select id="edit-status" value={f.status} onChange={set("status")}>{options("cable_status").map(({ value: s }) => <option key={s} value={s}>{label("cable_status", s)}</option>)}</select>
        </Field>
        <Field name="b" label={t("net.endB")} error={errors.b}>{nodeSelect("edit-b-node", "b_node")}</Field>
        <Field name="b_port" label={t("net.port")}><input id="edit-b-port" className="mono" value={f.b_port} onChange={set("b_port")} /></Field>
        <Field name="kind" label={t("net.kind")}>
          <select value={f.kind} onChange={set("kind")}>{options("cable_kind").map(({ value: k }) => <option key={k} value={k}>{label("cable_kind", k)}</option>)}</select>
        </Field>
        <Field name="length_m" label={t("net.length")} error={errors.length_m}><input className="mono" value={f.length} onChange={set("length")} /></Field>
        <Field name="color" label={t("net.color")}><input value={f.color} onChange={set("color")} /></Field>
        <Field name="installer" label={t("cable.installer")}><input value={f.installer} onChange={set("installer")} /></Field>
        <Field name="installed_on" label={t("cable.date")} error={errors.installed_on}><input type="date" value={f.installed_on} onChange={set("installed_on")} /></Field>
        <Field name="notes" label={t("cable.notes")}><input value={f.notes} onChange={set("notes")} /></Field>
      </div>
      {message && !Object.keys(errors).length && <div className="alert error">{message}</div>}
      <div className="actions">
        <button type="button" onClick={onDone}>{t("common.cancel")}</button>
        <button id="edit-save" className="primary" type="submit">{t("common.save")}</button>
      </div>
    </form>
  );
}
