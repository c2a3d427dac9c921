// The window: first-run setup, or the sidebar, the search bar and the current page.
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { listen } from "@tauri-apps/api/event";
import { commands, errorMessage } from "./api";
import type { AppInfo_Serialize as AppInfo, ChoiceLists } from "./bindings";
import type { Route } from "./route";
import i18n from "./i18n";
import { Setup } from "./pages/Setup";
import { Dashboard } from "./pages/Dashboard";
import { AssetList } from "./pages/AssetList";
import { AssetForm } from "./pages/AssetForm";
import { AssetDetail } from "./pages/AssetDetail";
import { Locations } from "./pages/Locations";
import { Network } from "./pages/Network";
import { RoomNetwork } from "./pages/RoomNetwork";
import { CableDetail } from "./pages/CableDetail";
import { TracePage } from "./pages/TracePage";
import { LabelPrint } from "./pages/LabelPrint";
import { DataPage } from "./pages/DataPage";
import { Settings } from "./pages/Settings";
import { Registry } from "./pages/Registry";
import { Inbox } from "./pages/Inbox";
import { GlobalSearch } from "./components/GlobalSearch";
import { SyncPill } from "./components/SyncPill";
import { ChoicesContext } from "./choices";

export function App() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState("");
  const [route, setRoute] = useState<Route>({ page: "dashboard" });
  const [search, setSearch] = useState("");
  const [version, setVersion] = useState(0);
  const [inboxCount, setInboxCount] = useState(0);
  const [choices, setChoices] = useState<ChoiceLists | null>(null);

  const reload = useCallback(async () => {
    try {
      const i = await commands.appInfo();
      setInfo(i);
      if (i.profile) await i18n.changeLanguage(i.profile.language === "en" ? "en" : "id");
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    reload();
    commands.choices().then(setChoices, (e) => setError(errorMessage(e)));
    const un = listen("data-changed", () => setVersion((v) => v + 1));
    return () => {
      un.then((f) => f());
    };
  }, [reload]);

  useEffect(() => {
    if (!info?.profile) return;
    commands.conflicts().then((l) => setInboxCount(l.length), () => setInboxCount(0));
  }, [version, info]);

  if (error) return <div className="fatal">{error}</div>;
  if (!info) return <div className="splash">{t("common.loading")}</div>;
  if (!info.profile) return <Setup onDone={reload} />;

  const NETWORK_PAGES: Route["page"][] = ["network", "room-network", "cable", "trace", "labels"];
  const active = (page: Route["page"]) =>
    route.page === page ||
    (page === "assets" && route.page.startsWith("asset")) ||
    (page === "network" && NETWORK_PAGES.includes(route.page));
  const nav = (page: Route["page"], label: string, icon: string, count = 0) => (
    <button
      id={`nav-${page}`}
      className={active(page) ? "nav active" : "nav"}
      onClick={() => setRoute({ page } as Route)}
    >
      <span className="nav-icon" aria-hidden>{icon}</span>
      {label}
      {count > 0 && <span className="count-badge" id={`nav-${page}-count`}>{count}</span>}
    </button>
  );

  const onSearch = (text: string) => {
    setSearch(text);
    if (route.page !== "assets") setRoute({ page: "assets" });
  };

  return (
    <ChoicesContext.Provider value={choices}>
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
        {nav("inbox", t("nav.inbox"), "⚠", inboxCount)}
        {nav("data", t("nav.data"), "⇅")}
        {nav("settings", t("nav.settings"), "⚙")}
        <div className="sidebar-foot">
          <strong>{info.profile.opd_name}</strong>
          <span>{info.profile.regency}</span>
          <span className="device">{info.profile.device_name}</span>
        </div>
      </aside>
      <main className="main">
        <header className="topbar">
          <GlobalSearch value={search} onChange={onSearch} onOpen={(s) => setRoute(s.kind === "cable" ? { page: "cable", id: s.id } : { page: "asset", id: s.id })} />
          <SyncPill onOpen={() => setRoute({ page: "settings" })} />
          <button id="new-asset" className="primary" onClick={() => setRoute({ page: "asset-form" })}>
            + {t("assets.new")}
          </button>
        </header>
        <section className="content">
          {route.page === "dashboard" && <Dashboard version={version} navigate={setRoute} />}
          {route.page === "assets" && <AssetList text={search} version={version} navigate={setRoute} merged={info.diskominfo} />}
          {route.page === "asset" && <AssetDetail id={route.id} version={version} navigate={setRoute} />}
          {route.page === "asset-form" && <AssetForm id={route.id} navigate={setRoute} />}
          {route.page === "locations" && <Locations version={version} />}
          {route.page === "network" && <Network version={version} navigate={setRoute} />}
          {route.page === "room-network" && <RoomNetwork roomId={route.roomId} version={version} navigate={setRoute} />}
          {route.page === "cable" && <CableDetail id={route.id} version={version} navigate={setRoute} />}
          {route.page === "trace" && <TracePage nodeId={route.nodeId} port={route.port} navigate={setRoute} />}
          {route.page === "labels" && <LabelPrint roomId={route.roomId} cableId={route.cableId} stale={route.stale} navigate={setRoute} />}
          {route.page === "data" && <DataPage />}
          {route.page === "settings" && <Settings info={info} onSaved={reload} />}
          {route.page === "registry" && <Registry version={version} navigate={setRoute} diskominfo={info.diskominfo} />}
          {route.page === "inbox" && <Inbox version={version} navigate={setRoute} />}
        </section>
      </main>
    </div>
    </ChoicesContext.Provider>
  );
}
