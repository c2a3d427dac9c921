// The router (TanStack Router over a hash URL): every page of `route.ts`
// as a route, its parameters and query read from the URL. The desktop
// window has no address bar, but the state a page was left in lives in its
// URL, so going back returns to it.
import { createHashHistory, createRootRoute, createRoute, createRouter, useParams, useSearch } from "@tanstack/react-router";
import { assetSearch, handoverSearch, labelSearch, tagSearch } from "./route";
import { rememberAssetSearch, useNavigateTo } from "./navigation";
import { Shell } from "./components/Shell";
import { useAppInfo } from "./appInfo";
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
import { TagPrint } from "./pages/TagPrint";
import { DataPage } from "./pages/DataPage";
import { Reports } from "./pages/Reports";
import { MaintenancePage } from "./pages/MaintenancePage";
import { StockTakePage } from "./pages/StockTakePage";
import { StockTakeRoom } from "./pages/StockTakeRoom";
import { HolderPage } from "./pages/HolderPage";
import { HandoverPage } from "./pages/HandoverPage";
import { StatusPage } from "./pages/StatusPage";
import { Settings } from "./pages/Settings";
import { Registry } from "./pages/Registry";
import { Inbox } from "./pages/Inbox";
import { ServerAdmin } from "./pages/ServerAdmin";

function AssetsRoute() {
  const search = assetSearch(useSearch({ strict: false }));
  const navigate = useNavigateTo();
  const info = useAppInfo();
  rememberAssetSearch(search);
  return <AssetList search={search} navigate={navigate} merged={info.diskominfo} />;
}

/** A route's path parameter (always present on the routes that use it). */
function useParam(name: string): string {
  const params: Record<string, string | undefined> = useParams({ strict: false });
  return params[name] ?? "";
}

const root = createRootRoute({ component: Shell });
const page = (path: string, component: () => React.ReactNode, validateSearch?: (s: Record<string, unknown>) => object) =>
  createRoute({ getParentRoute: () => root, path, component, validateSearch });

const routeTree = root.addChildren([
  page("/", () => <Dashboard navigate={useNavigateTo()} />),
  page("/assets", AssetsRoute, assetSearch),
  page("/assets/new", () => <AssetForm navigate={useNavigateTo()} />),
  page("/assets/tags", function Tags() {
    const s = tagSearch(useSearch({ strict: false }));
    const ids = s.assets ? s.assets.split(",").filter(Boolean) : undefined;
    return <TagPrint roomId={s.room} assetIds={ids} unprinted={s.new} navigate={useNavigateTo()} />;
  }, tagSearch),
  page("/assets/$id", () => <AssetDetail id={useParam("id")} navigate={useNavigateTo()} />),
  page("/assets/$id/edit", () => <AssetForm id={useParam("id")} navigate={useNavigateTo()} />),
  page("/locations", () => <Locations navigate={useNavigateTo()} />),
  page("/network", () => <Network navigate={useNavigateTo()} />),
  page("/network/rooms/$roomId", () => <RoomNetwork roomId={useParam("roomId")} navigate={useNavigateTo()} />),
  page("/network/cables/$id", () => <CableDetail id={useParam("id")} navigate={useNavigateTo()} />),
  page("/network/trace/$nodeId/$port", () => <TracePage nodeId={useParam("nodeId")} port={Number(useParam("port"))} navigate={useNavigateTo()} />),
  page("/network/labels", function Labels() {
    const s = labelSearch(useSearch({ strict: false }));
    return <LabelPrint roomId={s.room} cableId={s.cable} stale={s.stale} navigate={useNavigateTo()} />;
  }, labelSearch),
  page("/registry", function RegistryRoute() {
    return <Registry navigate={useNavigateTo()} diskominfo={useAppInfo().diskominfo} />;
  }),
  page("/inbox", () => <Inbox navigate={useNavigateTo()} />),
  page("/status", () => <StatusPage />),
  page("/server", () => <ServerAdmin />),
  page("/maintenance", function MaintenanceRoute() {
    return <MaintenancePage diskominfo={useAppInfo().diskominfo} navigate={useNavigateTo()} />;
  }),
  page("/stocktake", function StockTakesRoute() {
    return <StockTakePage diskominfo={useAppInfo().diskominfo} navigate={useNavigateTo()} />;
  }),
  page("/stocktake/$id", function StockTakeRoute() {
    return <StockTakePage id={useParam("id")} diskominfo={useAppInfo().diskominfo} navigate={useNavigateTo()} />;
  }),
  page("/stocktake/$id/$roomId", () => <StockTakeRoom id={useParam("id")} roomId={useParam("roomId")} navigate={useNavigateTo()} />),
  page("/holders/$nip", () => <HolderPage nip={useParam("nip")} navigate={useNavigateTo()} />),
  page("/handover", function HandoverRoute() {
    const s = handoverSearch(useSearch({ strict: false }));
    return <HandoverPage assetIds={s.assets ? s.assets.split(",").filter(Boolean) : []} giveBack={!!s.back} fromNip={s.from} navigate={useNavigateTo()} />;
  }, handoverSearch),
  page("/reports", function ReportsRoute() {
    return <Reports diskominfo={useAppInfo().diskominfo} />;
  }),
  page("/data", () => <DataPage />),
  page("/settings", function SettingsRoute() {
    return <Settings info={useAppInfo()} />;
  }),
]);

export const router = createRouter({ routeTree, history: createHashHistory() });
