// How the UI reaches the back end. In the desktop window: Tauri IPC (the
// generated bindings call `invoke`). In a browser, served by the data
// center's console: the same calls as HTTP requests to
// `POST /api/v1/app/<command>`, signed in with a session cookie and the
// CSRF token. The browser transport stands in for Tauri's IPC object, so
// the generated bindings and every page stay the same.
import type { ApiError } from "./bindings";

/** The UI runs in a browser (the console), not in the desktop window. */
export const inBrowser = typeof window !== "undefined" && !("__TAURI_INTERNALS__" in window);

/** The console's signed-in person, as `GET /api/v1/console/session` answers. */
export type ConsoleSession = { name: string; nip: string; role: "admin" | "operator" | "viewer"; role_label: string; csrf: string };

let csrf = "";

/** Marks the page with what the signed-in role may do (see styles.css). */
function markAccess(s: ConsoleSession) {
  if (!csrf) void followChanges();
  csrf = s.csrf;
  document.documentElement.dataset.access = s.role === "viewer" ? "read" : s.role === "operator" ? "write" : "admin";
}
let onChanged: () => void = () => {};
let callbacks = 0;

function failure(code: ApiError["code"], message: string): ApiError {
  return { code, message, fields: [], rows: [] };
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrf },
    body: JSON.stringify(body ?? {}),
  });
}

/** A console answer: its JSON, or the ApiError it carries. */
async function answer(res: Response): Promise<unknown> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (res.ok) return body;
  if (res.status === 401 && csrf) window.location.reload();
  if (body && typeof body === "object" && "code" in body) throw body;
  throw failure("internal", text || `HTTP ${res.status}`);
}

async function invoke(cmd: string, args?: unknown): Promise<unknown> {
  if (cmd === "plugin:event|listen") return ++callbacks;
  if (cmd.startsWith("plugin:event|")) return null;
  if (cmd.startsWith("plugin:")) throw failure("forbidden", "Tidak tersedia di konsol peramban; gunakan aplikasi desktop.");
  if (cmd === "sign_out") {
    await post("/api/v1/console/sign-out", {});
    csrf = "";
    window.location.reload();
    return null;
  }
  const res = await post(`/api/v1/app/${cmd}`, args);
  const body = await answer(res);
  if (res.headers.get("x-simpul-changed")) onChanged();
  const download = res.headers.get("x-simpul-download");
  if (download) saveFrom(download);
  return body;
}

/** Lets the browser save what the console hands over at `url`. */
function saveFrom(url: string, name = "") {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
}

/** Uploads a file chosen in the browser; returns the path an operation reads it by. */
export async function uploadFile(file: File): Promise<string> {
  const res = await fetch(`/api/v1/console/upload?name=${encodeURIComponent(file.name)}`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/octet-stream", "x-csrf-token": csrf },
    body: file,
  });
  return ((await answer(res)) as { path: string }).path;
}

/** The console's current session, or null when nobody is signed in. */
export async function consoleSession(): Promise<ConsoleSession | null> {
  const res = await fetch("/api/v1/console/session", { credentials: "same-origin" });
  if (res.status === 401) return null;
  const s = (await answer(res)) as ConsoleSession;
  markAccess(s);
  return s;
}

/** Signs in to the console; throws the ApiError of a refusal. */
export async function consoleSignIn(nip: string, password: string): Promise<ConsoleSession> {
  const res = await post("/api/v1/console/sign-in", { nip, password });
  const s = (await answer(res)) as ConsoleSession;
  markAccess(s);
  return s;
}

/**
 * Waits on the console for changes made elsewhere (a sync, a colleague)
 * and runs `onChanged` for each; a lost link is retried after a pause, an
 * ended session shows the sign-in page.
 */
async function followChanges() {
  let since: number | null = null;
  for (;;) {
    try {
      const res = await fetch(`/api/v1/console/changes?since=${since ?? 0}`, { credentials: "same-origin" });
      if (res.status === 401) {
        window.location.reload();
        return;
      }
      const { generation } = (await res.json()) as { generation: number };
      if (since !== null && generation !== since) onChanged();
      since = generation;
    } catch {
      await new Promise((r) => window.setTimeout(r, 5000));
    }
  }
}

/** Routes the bindings' calls over HTTP; `changed` runs after every write. */
export function installBrowserTransport(changed: () => void) {
  onChanged = changed;
  const w = window as unknown as Record<string, unknown>;
  w.__TAURI_INTERNALS__ = {
    invoke,
    transformCallback: () => ++callbacks,
    unregisterCallback: () => {},
    convertFileSrc: (path: string) => path,
  };
  w.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => {} };
}

/** One of the server's administration calls (admin role). */
export async function consoleAdmin<T>(what: "overview" | "opd" | "enroll-code" | "revoke" | "bundle-export" | "staff-add", body: unknown = {}): Promise<T> {
  return (await answer(await post(`/api/v1/console/admin/${what}`, body))) as T;
}

/** What the server's administration page shows. */
export type ServerOverview = {
  opds: { code: string; name: string; on_server: boolean; in_regency: boolean }[];
  devices: { id: string; name: string; scope: string; enrolled_at: string; revoked: boolean; key_fingerprint: string | null; last_sync_at: string | null }[];
  health: { storage: string; documents_loaded: number; devices: number; last_backup: string | null; storage_bytes: number };
  staff: { name: string; nip: string; role: ConsoleSession["role"]; role_label: string; locked: boolean }[];
};

/** A new enrollment code, shown once. */
export type CodeIssued = { code: string; scope: string; expires_at: string; qr_svg: string };

/** Uploads a device's USB bundle to the data center. */
export async function uploadBundle(file: File): Promise<{ device: string; documents: number }> {
  const res = await fetch("/api/v1/console/admin/bundle-import", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/octet-stream", "x-csrf-token": csrf },
    body: file,
  });
  return (await answer(res)) as { device: string; documents: number };
}

/** Downloads the bundle of what a device lacks, saved by the browser. */
export async function downloadBundle(device: string): Promise<void> {
  const res = await post("/api/v1/console/admin/bundle-export", { device });
  if (!res.ok) await answer(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "bundel.simpul";
  const url = URL.createObjectURL(await res.blob());
  saveFrom(url, name);
  URL.revokeObjectURL(url);
}
