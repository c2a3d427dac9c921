// Native open/save dialogs. WebDriver cannot drive a native dialog, so an
// end-to-end test sets `window.__SIMPUL_PICK__` to the path the next dialog
// returns; everything after the dialog is the real flow.
//
// In a browser (the console) a chosen file is uploaded to the server first
// and the operation reads it there; a file to write gets the path
// `download:<name>`, and the browser downloads what the operation wrote
// (see transport.ts).
import { open, save } from "@tauri-apps/plugin-dialog";
import { inBrowser, uploadFile } from "./transport";

type Filter = { name: string; extensions: string[] };

function forced(): string | null {
  const w = window as unknown as { __SIMPUL_PICK__?: string };
  const path = w.__SIMPUL_PICK__ ?? null;
  delete w.__SIMPUL_PICK__;
  return path;
}

/** A file to read, or null when the user cancels. */
export async function pickFile(filters: Filter[]): Promise<string | null> {
  if (inBrowser) return forced() ?? (await browserPick(filters));
  const path = forced() ?? (await open({ multiple: false, filters }));
  return typeof path === "string" ? path : null;
}

/** How a chosen file is shown: its path on the desktop, its name in the browser. */
export function fileLabel(path: string): string {
  return path.replace(/^upload:[0-9a-f]+\//, "").replace(/^download:/, "");
}

/** A path to write, or null when the user cancels. */
export async function pickSavePath(defaultPath: string, filters: Filter[]): Promise<string | null> {
  if (inBrowser) return forced() ?? downloadPath(defaultPath);
  return forced() ?? (await save({ defaultPath, filters }));
}

/** Where a file goes without asking: the default folder on the desktop (null), a download in the browser. */
export function defaultSavePath(name: string): string | null {
  return inBrowser ? downloadPath(name) : null;
}

function downloadPath(name: string): string {
  return `download:${name.split(/[\\/]/).pop() ?? name}`;
}

/** The browser's file chooser; the chosen file is uploaded to the console. */
function browserPick(filters: Filter[]): Promise<string | null> {
  document.getElementById("file-pick")?.remove();
  const input = document.createElement("input");
  input.type = "file";
  input.id = "file-pick";
  input.style.display = "none";
  input.accept = filters.flatMap((f) => f.extensions.map((e) => `.${e}`)).join(",");
  document.body.appendChild(input);
  return new Promise((resolve, reject) => {
    input.addEventListener("cancel", () => resolve(null));
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (!file) return resolve(null);
      uploadFile(file).then(resolve, reject);
    });
    // Under WebDriver the chooser stays closed (headless Chromium would
    // cancel it): the test types the file's path into the input instead.
    if (!navigator.webdriver) input.click();
  });
}

/** A folder to write into (a USB stick), or null when the user cancels. */
export async function pickFolder(): Promise<string | null> {
  if (inBrowser) return null;
  const path = forced() ?? (await open({ directory: true, multiple: false }));
  return typeof path === "string" ? path : null;
}
