// Settings → people: who may sign in on this device, adding someone (an
// administrator only, or anyone while the device has no people yet), and
// the idle lock.
import { useState } from "react";
import { AskTwice } from "./AskTwice";
import { useTranslation } from "react-i18next";
import { commands, errorMessage, fieldErrors } from "../api";
import { dataChanged, useCommand } from "../query";
import { nip } from "../format";
import { EMPTY_PERSON, PersonFields } from "./PersonFields";
import { useSignIn } from "./SignedIn";

const IDLE_CHOICES = [0, 5, 10, 15, 30, 60];

export function PeopleSettings() {
  const { t } = useTranslation();
  const state = useSignIn().data;
  const people = useCommand(["people"], commands.people);
  const [person, setPerson] = useState(EMPTY_PERSON);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  if (!state) return null;
  const mayAdd = state.manages_people || !state.has_people;

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const added = await commands.personAdd(person);
      setPerson({ ...EMPTY_PERSON, role: "pengurus_barang" });
      setErrors({});
      setMessage(t("people.added", { name: added.name }));
      await dataChanged();
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(errorMessage(err));
    }
  };
  const setIdle = async (minutes: number) => {
    try {
      await commands.idleLockSet(minutes);
      await dataChanged();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };

  return (
    <div className="card" id="people">
      <h2>{t("people.title")}</h2>
      {people.data && people.data.length > 0 ? (
        <ul className="people-list" id="people-list">
          {people.data.map((p) => (
            <li key={p.nip}>
              <strong>{p.name}</strong>
              <span className="mono">NIP {nip(p.nip)}</span>
              <span className="muted">{p.role_label}</span>
              {p.locked && <span className="badge signature-invalid">{t("people.locked")}</span>}
              {state.manages_people && <PersonActions nip={p.nip} self={state.signed_in?.nip === p.nip} onMessage={setMessage} />}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("people.none")}</p>
      )}
      {mayAdd ? (
        <form onSubmit={add} className="people-add administers">
          <h3>{t("people.add")}</h3>
          <PersonFields value={person} onChange={setPerson} errors={errors} idPrefix="person" />
          <div className="actions">
            <button id="person-add" type="submit">{t("people.add")}</button>
            {message && <span className="muted" id="person-message">{message}</span>}
          </div>
        </form>
      ) : (
        <p className="muted small">{t("people.onlyAdmins")}</p>
      )}
      {state.has_people && (
        <label className="field idle-lock">
          <span className="field-label">{t("people.idleLock")}</span>
          <select id="idle-lock" value={state.idle_lock_minutes} onChange={(e) => void setIdle(Number(e.target.value))}>
            {IDLE_CHOICES.map((m) => (
              <option key={m} value={m}>{m === 0 ? t("people.never") : t("people.minutes", { n: m })}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** An administrator's actions on one person: a new PIN, or removal (asked twice). */
function PersonActions({ nip, self, onMessage }: { nip: string; self: boolean; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const [resetting, setResetting] = useState(false);
  const [pins, setPins] = useState({ pin: "", again: "" });
  const [error, setError] = useState("");
  const reset = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await commands.pinReset(nip, pins.pin, pins.again);
      setResetting(false);
      setPins({ pin: "", again: "" });
      setError("");
      onMessage(t("people.pinChanged"));
      await dataChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const remove = async () => {
    try {
      await commands.personRemove(nip);
      await dataChanged();
    } catch (err) {
      onMessage(errorMessage(err));
    }
  };
  if (resetting) {
    return (
      <form className="pin-reset administers" onSubmit={reset}>
        <input type="password" inputMode="numeric" aria-label={t("people.pin")} placeholder={t("people.pin")} value={pins.pin} onChange={(e) => setPins({ ...pins, pin: e.target.value })} />
        <input type="password" inputMode="numeric" aria-label={t("people.pinAgain")} placeholder={t("people.pinAgain")} value={pins.again} onChange={(e) => setPins({ ...pins, again: e.target.value })} />
        <button type="submit" className="primary">{t("common.save")}</button>
        <button type="button" onClick={() => setResetting(false)}>{t("common.cancel")}</button>
        {error && <span className="field-error">{error}</span>}
      </form>
    );
  }
  return (
    <span className="person-actions">
      <button className="link administers" onClick={() => setResetting(true)}>{t("people.newPin")}</button>
      {!self && (
        <AskTwice className="link danger" label={t("people.remove")} sure={t("people.removeSure")} onConfirm={() => void remove()} />
      )}
    </span>
  );
}
