// Native open/save dialogs. WebDriver cannot drive a native dialog, so an
// end-to-end test sets `window.__SIMPUL_PICK__` to the path the next dialog
// returns; everything after the dialog is the real flow.
import { open, save } from "@tauri-apps/plugin-dialog";

type Filter = { name: string; extensions: string[] };

function forced(): string | null {
  const w = window as unknown as { __SIMPUL_PICK__?: string };
  const path = w.__SIMPUL_PICK__ ?? null;
  delete w.__SIMPUL_PICK__;
  return path;
}

/** A file to read, or null when the user cancels. */
export async function pickFile(filters: Filter[]): Promise<string | null> {
  const path = forced() ?? (await open({ multiple: false, filters }));
  return typeof path === "string" ? path : null;
}

/** A path to write, or null when the user cancels. */
export async function pickSavePath(defaultPath: string, filters: Filter[]): Promise<string | null> {
  return forced() ?? (await save({ defaultPath, filters }));
}

/** A folder to write into (a USB stick), or null when the user cancels. */
export async function pickFolder(): Promise<string | null> {
  const path = forced() ?? (await open({ directory: true, multiple: false }));
  return typeof path === "string" ? path : null;
}
