// Condition and status badges.
import { useTranslation } from "react-i18next";

export function ConditionBadge({ code }: { code: string }) {
  const { t } = useTranslation();
  return <span className={`badge cond-${code}`} title={t(`condition.${code}`)}>{code}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (status === "aktif") return null;
  return <span className={`badge status-${status}`}>{t(`lifecycle.${status}`)}</span>;
}

export function RegistrationBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge reg-${status}`} data-status={status}>{t(`reg.statuses.${status}`)}</span>;
}
