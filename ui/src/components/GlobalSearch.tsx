// The search box: filters the asset list as you type; Enter (as a barcode or
// QR scanner sends) opens the cable whose code, or the asset whose serial or
// tag, is exactly the code.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import type { Scanned } from "../bindings";

export function GlobalSearch(props: { value: string; onChange: (v: string) => void; onOpen: (s: Scanned) => void }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState("");
  const onKey = async (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") props.onChange("");
    if (e.key !== "Enter") return;
    const code = props.value.trim();
    if (!code) return;
    const found = await commands.scan(code).catch(() => null);
    if (found) {
      setNotice("");
      props.onOpen(found);
    } else {
      setNotice(t("search.notFound", { code }));
      window.setTimeout(() => setNotice(""), 3000);
    }
  };
  return (
    <div className="search">
      <span className="search-icon" aria-hidden>⌕</span>
      <input
        id="global-search"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder={t("search.placeholder")}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={onKey}
      />
      {notice && <div className="search-notice">{notice}</div>}
    </div>
  );
}
