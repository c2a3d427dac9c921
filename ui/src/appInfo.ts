// The device's profile and role, read once and refetched when it changes.
import { commands } from "./api";
import type { AppInfo_Serialize as AppInfo } from "./bindings";
import { useCommand } from "./query";

export const APP_INFO = ["app-info"] as const;

/** The app's info, as the shell loaded it before any page shows. */
export function useAppInfo(): AppInfo {
  const { data } = useCommand(APP_INFO, commands.appInfo);
  if (!data) throw new Error("app info read before it was loaded");
  return data;
}
