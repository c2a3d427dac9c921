// Cabling from the keyboard: pick end A and end B (device and port), press
// Enter; the cable is saved, both port numbers move on by one and the kind,
// colour and status stay for the next cable (remembered across sessions).
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { CableKind, CableStatus, Node_Serialize as Node, RoomView_Serialize as RoomView } from "../bindings";
import { Field } from "./Field";
import { useChoices } from "../choices";

const COLORS = ["biru", "abu-abu", "kuning", "hijau", "merah", "putih", "hitam", "oranye"];
const REMEMBER = "simpul.cabling";

type Kept = { kind: CableKind; color: string; status: CableStatus; length: string };

function remembered(): Kept {
  try {
    const k = JSON.parse(localStorage.getItem(REMEMBER) ?? "{}");
    return { kind: k.kind ?? "utp_cat6", color: k.color ?? "biru", status: k.status ?? "terpasang", length: k.length ?? "" };
  } catch {
    return { kind: "utp_cat6", color: "biru", status: "terpasang", length: "" };
  }
}

export type CablingHandle = { pickA: (nodeId: string, port: number) => void };

type Props = { roomId: string; rooms: RoomView[]; nodes: Node[] };

export const CablingForm = forwardRef<CablingHandle, Props>(function CablingForm(props, ref) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const here = props.nodes.filter((n) => n.room_id === props.roomId && n.ports > 0);
  const [aNode, setANode] = useState("");
  const [aPort, setAPort] = useState("1");
  const [bNode, setBNode] = useState("");
  const [bPort, setBPort] = useState("1");
  const [kept, setKept] = useState<Kept>(remembered);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const aPortRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(ref, () => ({
    pickA: (nodeId, port) => {
      setANode(nodeId);
      setAPort(String(port));
      aPortRef.current?.focus();
      aPortRef.current?.select();
    },
  }));
  useEffect(() => {
    if (!aNode && here.length) setANode(here[0].id);
  }, [here, aNode]);
  useEffect(() => localStorage.setItem(REMEMBER, JSON.stringify(kept)), [kept]);

  const portsOf = (id: string) => props.nodes.find((n) => n.id === id)?.ports ?? 0;
  const option = (n: Node) => (
    <option key={n.id} value={n.id}>{`${n.code} — ${label("node_kind", n.kind)} (${n.ports})`}</option>
  );
  const nodeOptions = () => (
    <>
      <option value="">{t("net.pickNode")}</option>
      <optgroup label={t("net.rooms")}>{here.map(option)}</optgroup>
      {props.rooms.filter((r) => r.id !== props.roomId).map((r) => {
        const ns = props.nodes.filter((n) => n.room_id === r.id && n.ports > 0);
        return ns.length ? (
          <optgroup key={r.id} label={r.label}>{ns.map(option)}</optgroup>
        ) : null;
      })}
    </>
  );

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const length = kept.length.trim() === "" ? 0 : Number(kept.length.replace(",", "."));
    try {
      const cable = await commands.cableSave({
        a: { node_id: aNode, port: Number(aPort) || 0 },
        b: { node_id: bNode, port: Number(bPort) || 0 },
        kind: kept.kind,
        color: kept.color,
        status: kept.status,
        length_m: Number.isFinite(length) ? length : -1,
      });
      const label = await commands.cableDetail(cable.id).then((d) => `${d.label.a} <> ${d.label.b}`, () => "");
      setMessage({ ok: true, text: t("net.saved", { code: cable.code, label }) });
      setErrors({});
      const next = (port: string, node: string) => String(Math.min(Number(port) + 1, Math.max(portsOf(node), 1)));
      setAPort(next(aPort, aNode));
      setBPort(next(bPort, bNode));
      aPortRef.current?.focus();
      aPortRef.current?.select();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };

  return (
    <form className="card cabling" onSubmit={save} id="cabling-form">
      <h2>{t("net.cabling")}</h2>
      <p className="muted small">{t("net.cablingHint")}</p>
      <div className="cabling-row">
        <Field name="a" label={t("net.endA")} error={errors.a}>
          <select id="cable-a-node" value={aNode} onChange={(e) => setANode(e.target.value)}>{nodeOptions()}</select>
        </Field>
        <Field name="a_port" label={t("net.port")}>
          <input id="cable-a-port" ref={aPortRef} className="mono port-input" inputMode="numeric" value={aPort} onChange={(e) => setAPort(e.target.value)} onFocus={(e) => e.target.select()} />
        </Field>
        <span className="cabling-arrow" aria-hidden>⇄</span>
        <Field name="b" label={t("net.endB")} error={errors.b}>
          <select id="cable-b-node" value={bNode} onChange={(e) => setBNode(e.target.value)}>{nodeOptions()}</select>
        </Field>
        <Field name="b_port" label={t("net.port")}>
          <input id="cable-b-port" className="mono port-input" inputMode="numeric" value={bPort} onChange={(e) => setBPort(e.target.value)} onFocus={(e) => e.target.select()} />
        </Field>
      </div>
      <div className="cabling-row">
        <Field name="kind" label={t("net.kind")}>
          <select id="cable-kind" value={kept.kind} onChange={(e) => setKept({ ...kept, kind: e.target.value as CableKind })}>
            {options("cable_kind").map(({ value: k }) => <option key={k} value={k}>{label("cable_kind", k)}</option>)}
          </select>
        </Field>
        <Field name="color" label={t("net.color")} error={errors.color}>
          <input id="cable-color" list="cable-colors" value={kept.color} onChange={(e) => setKept({ ...kept, color: e.target.value })} />
        </Field>
        <datalist id="cable-colors">{COLORS.map((c) => <option key={c} value={c} />)}</datalist>
        <Field name="length_m" label={t("net.length")} error={errors.length_m}>
          <input id="cable-length" className="mono" inputMode="decimal" value={kept.length} onChange={(e) => setKept({ ...kept, length: e.target.value })} />
        </Field>
        <Field name="status" label={t("net.status")} error={errors.status}>
          <select id="cable-status" value={kept.status} onChange={(e) => setKept({ ...kept, status: e.target.value as CableStatus })}>
            {options("cable_status").map(({ value: s }) => <option key={s} value={s}>{label("cable_status", s)}</option>)}
          </select>
        </Field>
        <div className="actions end">
          <button id="cable-connect" className="primary" type="submit">{t("net.connect")}</button>
        </div>
      </div>
      {message && <div id="cabling-message" className={`alert ${message.ok ? "ok" : "error"}`}>{message.text}</div>}
    </form>
  );
});
