// Condition and status badges.
import { useChoices } from "../choices";

export function ConditionBadge({ code }: { code: string }) {
  const { label } = useChoices();
  return <span className={`badge cond-${code}`} title={label("condition", code)}>{code}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { label } = useChoices();
  if (status === "aktif") return null;
  return <span className={`badge status-${status}`}>{label("lifecycle", status)}</span>;
}

export function RegistrationBadge({ status }: { status: string }) {
  const { label } = useChoices();
  return <span className={`badge reg-${status}`} data-status={status}>{label("registration_status", status)}</span>;
}
