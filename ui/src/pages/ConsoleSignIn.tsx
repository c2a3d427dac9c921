// The data center's console in a browser: Diskominfo staff sign in with
// their NIP and password before the app's pages show.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api";
import { consoleSignIn } from "../transport";

export function ConsoleSignIn({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [nip, setNip] = useState("");
  const [password, setPassword] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await consoleSignIn(nip, password);
      onDone();
    } catch (err) {
      setPassword("");
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="setup">
      <form className="setup-card signin-card" onSubmit={submit}>
        <img src="/icon.png" alt="" className="setup-logo" />
        <h1>{t("console.title")}</h1>
        <p className="muted">{t("console.intro")}</p>
        <label className="field">
          <span className="field-label">NIP</span>
          <input id="console-nip" inputMode="numeric" autoComplete="username" autoFocus value={nip} onChange={(e) => setNip(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t("console.password")}</span>
          <input id="console-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {message && <div className="alert error" id="console-error" role="alert">{message}</div>}
        <div className="actions">
          <button id="console-submit" className="primary" type="submit" disabled={busy || !nip || !password}>{t("people.signIn")}</button>
        </div>
      </form>
    </div>
  );
}
