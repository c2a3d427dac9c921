// Who is working: once the device has people, the app shows the sign-in
// screen until someone signs in with their NIP and PIN, and locks again
// after the idle time set in Settings.
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commands, errorMessage } from "../api";
import { dataChanged, useCommand } from "../query";

export const SIGN_IN = ["sign-in"] as const;

/** Who is signed in, and whether the device asks. */
export function useSignIn() {
  return useCommand(SIGN_IN, commands.signInState);
}

/** Signs the person out; the sign-in screen shows. */
export async function lock() {
  await commands.signOut();
  await dataChanged();
}

export function SignedIn({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const state = useSignIn();
  const minutes = state.data?.signed_in ? state.data.idle_lock_minutes : 0;

  useEffect(() => {
    if (!minutes) return;
    let timer = window.setTimeout(() => void lock(), minutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void lock(), minutes * 60_000);
    };
    const events = ["mousemove", "mousedown", "keydown", "wheel", "touchstart"] as const;
    events.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    return () => {
      window.clearTimeout(timer);
      events.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [minutes]);

  if (state.error) return <div className="fatal">{state.error}</div>;
  if (!state.data) return <div className="splash">{t("common.loading")}</div>;
  if (state.data.has_people && !state.data.signed_in) return <SignInScreen />;
  return <>{children}</>;
}

function SignInScreen() {
  const { t } = useTranslation();
  const people = useCommand(["people"], commands.people);
  const [nip, setNip] = useState("");
  const [pin, setPin] = useState("");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const chosen = nip || people.data?.[0]?.nip || "";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await commands.signIn(chosen, pin);
      setPin("");
      setMessage("");
      await dataChanged();
    } catch (err) {
      setPin("");
      setMessage(errorMessage(err));
      void dataChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="setup">
      <form className="setup-card signin-card" onSubmit={submit}>
        <img src="/icon.png" alt="" className="setup-logo" />
        <h1>{t("people.signInTitle")}</h1>
        <p className="muted">{t("people.signInIntro")}</p>
        <label className="field">
          <span className="field-label">{t("people.who")}</span>
          <select id="signin-person" value={chosen} onChange={(e) => setNip(e.target.value)}>
            {(people.data ?? []).map((p) => (
              <option key={p.nip} value={p.nip}>
                {p.name} — {p.role_label}{p.locked ? ` (${t("people.locked")})` : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">PIN</span>
          <input id="signin-pin" type="password" inputMode="numeric" autoComplete="current-password" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} />
        </label>
        {message && <div className="alert error" id="signin-error" role="alert">{message}</div>}
        <div className="actions">
          <button id="signin-submit" className="primary" type="submit" disabled={busy || !pin}>{t("people.signIn")}</button>
        </div>
      </form>
    </div>
  );
}
