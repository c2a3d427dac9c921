// The data center's administration, in the console (admin role): the OPDs
// as one list, enrollment codes with their QR code, the devices (revoke),
// and the server's health.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage, fieldErrors } from "../api";
import { dateTime, megabytes, nip as formatNip } from "../format";
import { dataChanged, useCommand } from "../query";
import { consoleAdmin, downloadBundle, uploadBundle, type CodeIssued, type ServerOverview } from "../transport";
import { AskTwice } from "../components/AskTwice";
import { Field } from "../components/Field";

export function ServerAdmin() {
  const { t } = useTranslation();
  const overview = useCommand(["server-overview"], () => consoleAdmin<ServerOverview>("overview"));
  if (overview.error) return <div className="alert error">{overview.error}</div>;
  if (!overview.data) return <div className="muted">{t("common.loading")}</div>;
  const o = overview.data;
  return (
    <div className="page">
      <h1>{t("console.serverTitle")}</h1>
      <Health o={o} />
      <Staff o={o} />
      <Opds o={o} />
      <Codes o={o} />
      <Devices o={o} />
      <Bundles o={o} />
    </div>
  );
}

function Health({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const h = o.health;
  return (
    <section className="card">
      <h2>{t("console.health")}</h2>
      <dl className="facts" id="server-health">
        <dt>{t("console.storage")}</dt><dd id="health-storage">{h.storage}, {megabytes(h.storage_bytes)}</dd>
        <dt>{t("console.loaded")}</dt><dd>{h.documents_loaded}</dd>
        <dt>{t("console.activeDevices")}</dt><dd id="health-devices">{h.devices}</dd>
        <dt>{t("console.lastBackup")}</dt><dd>{h.last_backup ? dateTime(h.last_backup) : t("console.never")}</dd>
      </dl>
    </section>
  );
}

/** Runs an administration act: its refusal becomes the section's message; the page refetches after it. */
function useAct(): [string, (act: () => Promise<unknown>) => Promise<boolean>] {
  const [message, setMessage] = useState("");
  const run = async (act: () => Promise<unknown>) => {
    try {
      await act();
      setMessage("");
      await dataChanged();
      return true;
    } catch (err) {
      setMessage(errorMessage(err));
      return false;
    }
  };
  return [message, run];
}

function Opds({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ code: "", name: "" });
  const [message, act] = useAct();
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await act(() => consoleAdmin("opd", form))) setForm({ code: "", name: "" });
  };
  return (
    <section className="card">
      <h2>{t("console.opds")}</h2>
      <p className="muted">{t("console.opdsText")}</p>
      <table className="simple" id="server-opds">
        <thead><tr><th>{t("console.code")}</th><th>{t("console.name")}</th><th>{t("console.onServer")}</th><th>{t("console.inRegency")}</th><th /></tr></thead>
        <tbody>
          {o.opds.map((d) => (
            <tr key={d.code} id={`server-opd-${d.code}`}>
              <td className="mono">{d.code}</td><td>{d.name}</td>
              <td>{d.on_server ? "✓" : "—"}</td><td>{d.in_regency ? "✓" : "—"}</td>
              <td className="num">{(!d.on_server || !d.in_regency) && <button className="link" onClick={() => setForm({ code: d.code, name: d.name })}>{t("console.fixOpd")}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={save}>
        <Field name="server-opd-code" label={t("console.code")}>
          <input id="server-opd-code" className="mono" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <Field name="server-opd-name" label={t("console.name")}>
          <input id="server-opd-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <button id="server-opd-save" className="primary align-end" type="submit" disabled={!form.code || !form.name}>{t("console.addOpd")}</button>
      </form>
      {message && <div className="alert error" id="server-opd-error" role="alert">{message}</div>}
    </section>
  );
}

function Codes({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const [opd, setOpd] = useState("");
  const [hours, setHours] = useState("72");
  const [issued, setIssued] = useState<CodeIssued | null>(null);
  const [message, setMessage] = useState("");
  const make = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      setIssued(await consoleAdmin<CodeIssued>("enroll-code", { opd: opd || null, hours: Number(hours) }));
      setMessage("");
    } catch (err) {
      setIssued(null);
      setMessage(errorMessage(err));
    }
  };
  return (
    <section className="card">
      <h2>{t("console.codes")}</h2>
      <p className="muted">{t("console.codesText")}</p>
      <form className="inline-form" onSubmit={make}>
        <Field name="code-opd" label={t("console.forOpd")}>
          <select id="code-opd" value={opd} onChange={(e) => setOpd(e.target.value)}>
            <option value="">{t("console.diskominfo")}</option>
            {o.opds.filter((d) => d.on_server).map((d) => <option key={d.code} value={d.code}>{d.code} · {d.name}</option>)}
          </select>
        </Field>
        <Field name="code-hours" label={t("console.hours")}>
          <input id="code-hours" type="number" min={1} max={720} value={hours} onChange={(e) => setHours(e.target.value)} />
        </Field>
        <button id="code-make" className="primary align-end" type="submit">{t("console.makeCode")}</button>
      </form>
      {message && <div className="alert error" role="alert">{message}</div>}
      {issued && (
        <div className="code-issued">
          <img id="code-qr" alt={issued.code} width={160} height={160} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(issued.qr_svg)}`} />
          <div>
            <div className="big mono" id="code-text">{issued.code}</div>
            <div className="muted">{issued.scope} · {t("console.expires")} {dateTime(issued.expires_at)}</div>
          </div>
        </div>
      )}
    </section>
  );
}

function Devices({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const [message, act] = useAct();
  const revoke = (id: string) => act(() => consoleAdmin("revoke", { id }));
  return (
    <section className="card">
      <h2>{t("console.devices")}</h2>
      {message && <div className="alert error" role="alert">{message}</div>}
      <table className="simple" id="server-devices">
        <thead><tr><th>{t("console.device")}</th><th>{t("console.scope")}</th><th>{t("console.enrolled")}</th><th>{t("console.lastSync")}</th><th /></tr></thead>
        <tbody>
          {o.devices.map((d) => (
            <tr key={d.id} id={`device-${d.id}`} className={d.revoked ? "muted" : ""}>
              <td>{d.name}<div className="small mono muted">{d.id}</div></td>
              <td className="mono">{d.scope}</td>
              <td>{dateTime(d.enrolled_at)}</td>
              <td>{d.last_sync_at ? dateTime(d.last_sync_at) : t("console.never")}</td>
              <td className="num">{d.revoked ? t("console.revoked") : <AskTwice id={`revoke-${d.id}`} label={t("console.revoke")} sure={t("console.revokeSure")} onConfirm={() => void revoke(d.id)} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Bundles({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const [device, setDevice] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    try {
      const done = await uploadBundle(file);
      setMessage({ ok: true, text: t("console.bundleRead", { device: done.device, n: done.documents }) });
      await dataChanged();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  const download = async () => {
    try {
      await downloadBundle(device);
      setMessage(null);
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  };
  const active = o.devices.filter((d) => !d.revoked);
  return (
    <section className="card">
      <h2>{t("console.bundles")}</h2>
      <p className="muted">{t("console.bundlesText")}</p>
      <div className="inline-form">
        <Field name="bundle-file" label={t("console.bundleUpload")}>
          <input id="bundle-file" type="file" accept=".simpul" onChange={(e) => void upload(e.target.files?.[0])} />
        </Field>
        <Field name="bundle-device" label={t("console.bundleFor")}>
          <select id="bundle-device" value={device} onChange={(e) => setDevice(e.target.value)}>
            <option value="">—</option>
            {active.map((d) => <option key={d.id} value={d.id}>{d.scope} · {d.name}</option>)}
          </select>
        </Field>
        <button id="bundle-download" className="align-end" disabled={!device} onClick={() => void download()}>{t("console.bundleDownload")}</button>
      </div>
      {message && <div className={message.ok ? "alert ok" : "alert error"} id="bundle-message" role="status">{message.text}</div>}
    </section>
  );
}

const NO_ACCOUNT = { name: "", nip: "", role: "operator", password: "", password_again: "" };

function Staff({ o }: { o: ServerOverview }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(NO_ACCOUNT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const set = (k: keyof typeof NO_ACCOUNT) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await consoleAdmin("staff-add", form);
      setForm(NO_ACCOUNT);
      setErrors({});
      setMessage("");
      await dataChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(Object.keys(fieldErrors(err)).length ? "" : errorMessage(err));
    }
  };
  return (
    <section className="card">
      <h2>{t("console.staff")}</h2>
      <p className="muted">{t("console.staffText")}</p>
      <table className="simple" id="server-staff">
        <thead><tr><th>{t("console.name")}</th><th>NIP</th><th>{t("console.role")}</th><th /></tr></thead>
        <tbody>
          {o.staff.map((s) => (
            <tr key={s.nip}><td>{s.name}</td><td className="mono">{formatNip(s.nip)}</td><td>{s.role_label}</td><td>{s.locked ? t("people.locked") : ""}</td></tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={add}>
        <Field name="staff-name" label={t("console.name")} error={errors.name}><input id="staff-name" value={form.name} onChange={set("name")} /></Field>
        <Field name="staff-nip" label="NIP" error={errors.nip}><input id="staff-nip" className="mono" value={form.nip} onChange={set("nip")} /></Field>
        <Field name="staff-role" label={t("console.role")}>
          <select id="staff-role" value={form.role} onChange={set("role")}>
            <option value="admin">{t("console.roleAdmin")}</option>
            <option value="operator">{t("console.roleOperator")}</option>
            <option value="viewer">{t("console.roleViewer")}</option>
          </select>
        </Field>
        <Field name="staff-password" label={t("console.password")} error={errors.password}><input id="staff-password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} /></Field>
        <Field name="staff-password-again" label={t("console.passwordAgain")} error={errors.password_again}><input id="staff-password-again" type="password" autoComplete="new-password" value={form.password_again} onChange={set("password_again")} /></Field>
        <button id="staff-add" className="primary align-end" type="submit">{t("console.addStaff")}</button>
      </form>
      {message && <div className="alert error" role="alert">{message}</div>}
    </section>
  );
}
