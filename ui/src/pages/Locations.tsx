// The OPD's rooms: building, floor and room codes with a readable name.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import type { Count } from "../bindings";
import { useCommand } from "../query";
import { Field } from "../components/Field";
import { RecordHistory } from "../components/RecordHistory";
import type { Navigate } from "../route";

const EMPTY = { id: "", building: "", floor: "", code: "", name: "", responsible_name: "", responsible_nip: "" };

export function Locations({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const roomList = useCommand(["rooms"], commands.rooms);
  const rooms = roomList.data ?? [];
  const stats = useCommand(["stats"], commands.stats).data;
  const counts: Record<string, number> = Object.fromEntries((stats?.by_room ?? []).map((c: Count) => [c.key, c.count]));
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failed, setMessage] = useState("");
  const message = failed || roomList.error;
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.roomSave(form);
      setForm(EMPTY);
      setErrors({});
      setMessage("");
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  return (
    <div className="page">
      <h1>{t("locations.title")}</h1>
      <p className="muted">{t("locations.intro")}</p>
      <form className="card room-form writes" onSubmit={save}>
        <div className="grid5">
          <Field name="building" label={t("locations.building")} error={errors.building}>
            <input id="room-building" value={form.building} onChange={set("building")} placeholder="G1" className="mono" />
          </Field>
          <Field name="floor" label={t("locations.floor")} error={errors.floor}>
            <input id="room-floor" value={form.floor} onChange={set("floor")} placeholder="L2" className="mono" />
          </Field>
          <Field name="code" label={t("locations.code")} error={errors.code}>
            <input id="room-code" value={form.code} onChange={set("code")} placeholder="R07" className="mono" />
          </Field>
          <Field name="name" label={t("locations.name")} error={errors.name}>
            <input id="room-name" value={form.name} onChange={set("name")} placeholder="Ruang Server" />
          </Field>
        </div>
        <div className="grid5 responsible">
          <Field name="responsible_name" label={t("locations.responsible")} error={errors.responsible_name}>
            <input id="room-responsible" value={form.responsible_name} onChange={set("responsible_name")} />
          </Field>
          <Field name="responsible_nip" label={t("locations.responsibleNip")} error={errors.responsible_nip}>
            <input id="room-responsible-nip" value={form.responsible_nip} onChange={set("responsible_nip")} className="mono" inputMode="numeric" />
          </Field>
          <div className="actions end">
            {form.id && <button type="button" onClick={() => setForm(EMPTY)}>{t("common.cancel")}</button>}
            <button id="room-save" className="primary" type="submit">{form.id ? t("common.save") : t("locations.add")}</button>
          </div>
        </div>
        {message && !Object.keys(errors).length && <div className="alert error">{message}</div>}
        {form.id && <RecordHistory key={form.id} kind="room" id={form.id} />}
      </form>
      <div className="card">
        {rooms.length === 0 ? (
          <p className="muted">{t("locations.empty")}</p>
        ) : (
          <table className="simple">
            <thead>
              <tr>
                <th>Kode</th>
                <th>{t("locations.name")}</th>
                <th>{t("locations.responsible")}</th>
                <th className="num">{t("locations.assets")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rooms.map((r) => (
                <tr key={r.id}>
                  <td className="mono">{r.short_code}</td>
                  <td>{r.name}</td>
                  <td>{r.responsible_name}</td>
                  <td className="num">{counts[r.id] ?? 0}</td>
                  <td className="num">
                    <button className="link" id={`tags-room-${r.short_code.replace(".", "-")}`} onClick={() => navigate({ page: "tags", roomId: r.id })}>{t("tags.printRoom")}</button>{" "}
                    <button className="link" id={`edit-room-${r.short_code.replace(".", "-")}`} onClick={() => setForm({ id: r.id, building: r.building, floor: r.floor, code: r.code, name: r.name, responsible_name: r.responsible_name, responsible_nip: r.responsible_nip })}>{t("common.edit")}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
