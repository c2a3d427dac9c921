// The frame around every page: the sidebar, the search bar, the sync pill.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, useRouterState } from "@tanstack/react-router";
import { commands } from "../api";
import { useCommand } from "../query";
import { useAppInfo } from "../appInfo";
import { sectionOf, type Route } from "../route";
import { useNavigateTo, withText } from "../navigation";
import { GlobalSearch } from "./GlobalSearch";
import { SyncPill } from "./SyncPill";
import { lock, useSignIn } from "./SignedIn";
import { inBrowser } from "../transport";

export function Shell() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const navigate = useNavigateTo();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const inbox = useCommand(["conflicts"], commands.conflicts);
  const [search, setSearch] = useState("");
  const signedIn = useSignIn().data?.signed_in;
  const profile = info.profile!;
  const section = sectionOf(path);

  const nav = (page: Route["page"], label: string, icon: string, count = 0) => (
    <button
      id={`nav-${page}`}
      className={section === page ? "nav active" : "nav"}
      onClick={() => navigate({ page } as Route)}
    >
      <span className="nav-icon" aria-hidden>{icon}</span>
      {label}
      {count > 0 && <span className="count-badge" id={`nav-${page}-count`}>{count}</span>}
    </button>
  );

  const onSearch = (text: string) => {
    setSearch(text);
    navigate({ page: "assets", search: withText(text) });
  };

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <img src="/icon.png" alt="" />
          <div>
            <strong>Simpul</strong>
            <small>Inventaris Aset TIK</small>
          </div>
        </div>
        {nav("dashboard", t("nav.dashboard"), "◧")}
        {nav("assets", t("nav.assets"), "▤")}
        {nav("locations", t("nav.locations"), "⌂")}
        {nav("network", t("nav.network"), "⊞")}
        {nav("registry", t("nav.registry"), "⌘")}
        {nav("inbox", t("nav.inbox"), "⚠", inbox.data?.length ?? 0)}
        {info.diskominfo && nav("status", t("nav.status"), "◷")}
        {nav("maintenance", t("nav.maintenance"), "✚")}
        {nav("stocktake", t("nav.stocktake"), "☑")}
        {nav("reports", t("nav.reports"), "▦")}
        {nav("data", t("nav.data"), "⇅")}
        {nav("settings", t("nav.settings"), "⚙")}
        {inBrowser && <div className="administers">{nav("server", t("nav.server"), "⛁")}</div>}
        <div className="sidebar-foot">
          <strong>{profile.opd_name}</strong>
          <span>{profile.regency}</span>
          <span className="device">{profile.device_name}</span>
        </div>
      </aside>
      <main className="main">
        <header className="topbar">
          <GlobalSearch value={search} onChange={onSearch} onOpen={(s) => navigate(s.kind === "cable" ? { page: "cable", id: s.id } : { page: "asset", id: s.id })} />
          <SyncPill onOpen={() => navigate({ page: "settings" })} />
          {signedIn && (
            <span className="who" id="signed-in" title={`${t("people.signedInAs")} ${signedIn.name} · NIP ${signedIn.nip}`}>
              <span className="who-name">{signedIn.name}</span>
              <button id="lock" className="link" onClick={() => void lock()}>{t("people.lock")}</button>
            </span>
          )}
          <button id="new-asset" className="primary writes" onClick={() => navigate({ page: "asset-form" })}>
            + {t("assets.new")}
          </button>
        </header>
        <section className="content">
          <Outlet />
        </section>
      </main>
    </div>
  );
}
