// Indonesian formats for money, numbers and dates.
import i18n from "./i18n";

const locale = () => (i18n.language === "en" ? "en-GB" : "id-ID");

export function rupiah(v: number | null): string {
  if (v === null) return "—";
  return "Rp " + new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v);
}

/** Large amounts shortened for tiles: "Rp 13,8 M" (miliar). */
export function rupiahShort(v: number): string {
  return "Rp " + new Intl.NumberFormat(locale(), { notation: "compact", maximumFractionDigits: 1 }).format(v);
}

export function number(v: number): string {
  return new Intl.NumberFormat(locale()).format(v);
}

/** A size on disk, in MB with one decimal (`12,3 MB`). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
}

export function dateTime(ms: number | string): string {
  const d = typeof ms === "number" ? new Date(ms) : new Date(ms);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function date(s: string): string {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(d);
}

export function nip(digits: string): string {
  if (digits.length !== 18) return digits;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}

/** Today's date on this computer (YYYY-MM-DD), as the back end's "not in the future" rules read it. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
