// Always-visible sync status: online/offline, last successful sync,
// local changes not yet at the server, the last error in plain words.
import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { listen } from "@tauri-apps/api/event";
import { commands } from "../api";
import type { SyncStatus } from "../bindings";
import { dateTime } from "../format";
import { queryClient } from "../query";

const SYNC_STATUS = ["sync-status"];

/** The sync worker's status: pushed by the back end on each change, read again every 15 s. */
export function useSyncStatus(): SyncStatus | null {
  useEffect(() => {
    const un = listen<SyncStatus>("sync-status", (e) => queryClient.setQueryData(SYNC_STATUS, e.payload));
    return () => {
      un.then((f) => f());
    };
  }, []);
  const q = useQuery({ queryKey: SYNC_STATUS, queryFn: commands.syncStatus, refetchInterval: 15000 });
  return q.data ?? null;
}

export function SyncPill({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const s = useSyncStatus();
  if (!s) return null;
  let cls = "pill";
  let label: string;
  if (!s.enrolled) {
    cls += " idle";
    label = t("sync.notEnrolled");
  } else if (s.syncing) {
    cls += " busy";
    label = t("sync.syncing");
  } else if (s.last_error && !s.online) {
    cls += " offline";
    label = t("sync.offline");
  } else if (s.last_error) {
    cls += " error";
    label = t("sync.error");
  } else if (s.pending > 0) {
    cls += " pending";
    label = t("sync.pending", { n: s.pending });
  } else {
    cls += " ok";
    label = s.last_success ? t("sync.synced", { when: dateTime(s.last_success) }) : t("sync.waiting");
  }
  const title = [s.server, s.last_success && t("sync.lastSuccess", { when: dateTime(s.last_success) }), s.last_error].filter(Boolean).join("\n");
  return (
    <button id="sync-pill" className={cls} title={title} onClick={onOpen} data-pending={s.pending} data-online={s.online ? "1" : "0"}>
      <span className="dot" aria-hidden />
      {label}
      {s.enrolled && s.pending > 0 && !cls.includes("pending") && <span className="count-badge">{s.pending}</span>}
    </button>
  );
}
