// The app's pages and where each one lives in the router's URL (a hash URL
// in the desktop window, the same paths in the coming browser console).
// Pages name a destination with `Route`; `locationOf` is its one mapping.

/** The asset list as the user set it: search text, filters and sort, kept in the URL. */
export type AssetSearch = {
  q?: string;
  condition?: string;
  category?: string;
  room?: string;
  lifecycle?: string;
  opd?: string;
  sort?: string;
  desc?: boolean;
};

export type Route =
  | { page: "dashboard" }
  | { page: "assets"; search?: AssetSearch }
  | { page: "asset"; id: string }
  | { page: "asset-form"; id?: string }
  | { page: "locations" }
  | { page: "network" }
  | { page: "room-network"; roomId: string }
  | { page: "cable"; id: string }
  | { page: "trace"; nodeId: string; port: number }
  | { page: "labels"; roomId?: string; cableId?: string; stale?: boolean }
  | { page: "tags"; roomId?: string; assetIds?: string[]; unprinted?: boolean }
  | { page: "registry" }
  | { page: "inbox" }
  | { page: "status" }
  | { page: "maintenance" }
  | { page: "stocktake"; id?: string }
  | { page: "stocktake-room"; id: string; roomId: string }
  | { page: "holder"; nip: string }
  | { page: "handover"; assetIds?: string[]; giveBack?: boolean; fromNip?: string }
  | { page: "reports" }
  | { page: "data" }
  | { page: "settings" }
  | { page: "server" };

export type Navigate = (r: Route) => void;

/** A path and its query, for the router. */
export type Location = { path: string; search: Record<string, string | number | boolean> };

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Keeps the known keys of an asset-list query, dropping empty and foreign ones. */
export function assetSearch(raw: Record<string, unknown>): AssetSearch {
  const out: AssetSearch = {};
  for (const k of ["q", "condition", "category", "room", "lifecycle", "opd", "sort"] as const) {
    const v = text(raw[k]);
    if (v !== undefined) out[k] = v;
  }
  if (raw.desc === true || raw.desc === "true") out.desc = true;
  return out;
}

/** Keeps the known keys of a label selection. */
export function labelSearch(raw: Record<string, unknown>): { room?: string; cable?: string; stale?: boolean } {
  const out: { room?: string; cable?: string; stale?: boolean } = {};
  const room = text(raw.room);
  const cable = text(raw.cable);
  if (room) out.room = room;
  if (cable) out.cable = cable;
  if (raw.stale === true || raw.stale === "true") out.stale = true;
  return out;
}

/** Keeps the known keys of an asset tag selection (`assets` is a comma list of ids). */
export function tagSearch(raw: Record<string, unknown>): { room?: string; assets?: string; new?: boolean } {
  const out: { room?: string; assets?: string; new?: boolean } = {};
  const room = text(raw.room);
  const assets = text(raw.assets);
  if (room) out.room = room;
  if (assets) out.assets = assets;
  if (raw.new === true || raw.new === "true") out.new = true;
  return out;
}

/** Keeps the known keys of a handover form's start (`assets`: a comma list of ids). */
export function handoverSearch(raw: Record<string, unknown>): { assets?: string; back?: boolean; from?: string } {
  const out: { assets?: string; back?: boolean; from?: string } = {};
  const assets = text(raw.assets);
  const from = text(raw.from);
  if (assets) out.assets = assets;
  if (from) out.from = from;
  if (raw.back === true || raw.back === "true") out.back = true;
  return out;
}

const enc = encodeURIComponent;

/** Where a page lives: the one mapping from a destination to the URL. */
export function locationOf(r: Route): Location {
  switch (r.page) {
    case "dashboard": return { path: "/", search: {} };
    case "assets": return { path: "/assets", search: assetSearch(r.search ?? {}) };
    case "asset": return { path: `/assets/${enc(r.id)}`, search: {} };
    case "asset-form": return { path: r.id ? `/assets/${enc(r.id)}/edit` : "/assets/new", search: {} };
    case "locations": return { path: "/locations", search: {} };
    case "network": return { path: "/network", search: {} };
    case "room-network": return { path: `/network/rooms/${enc(r.roomId)}`, search: {} };
    case "cable": return { path: `/network/cables/${enc(r.id)}`, search: {} };
    case "trace": return { path: `/network/trace/${enc(r.nodeId)}/${r.port}`, search: {} };
    case "labels": return { path: "/network/labels", search: labelSearch({ room: r.roomId, cable: r.cableId, stale: r.stale }) };
    case "tags": return { path: "/assets/tags", search: tagSearch({ room: r.roomId, assets: r.assetIds?.join(","), new: r.unprinted }) };
    case "registry": return { path: "/registry", search: {} };
    case "inbox": return { path: "/inbox", search: {} };
    case "status": return { path: "/status", search: {} };
    case "maintenance": return { path: "/maintenance", search: {} };
    case "stocktake": return { path: r.id ? `/stocktake/${enc(r.id)}` : "/stocktake", search: {} };
    case "stocktake-room": return { path: `/stocktake/${enc(r.id)}/${enc(r.roomId)}`, search: {} };
    case "holder": return { path: `/holders/${enc(r.nip)}`, search: {} };
    case "handover": return { path: "/handover", search: handoverSearch({ assets: r.assetIds?.join(","), back: r.giveBack, from: r.fromNip }) };
    case "reports": return { path: "/reports", search: {} };
    case "data": return { path: "/data", search: {} };
    case "settings": return { path: "/settings", search: {} };
    case "server": return { path: "/server", search: {} };
  }
}

/** The sidebar entry a path belongs to. */
export function sectionOf(path: string): Route["page"] {
  if (path.startsWith("/assets")) return "assets";
  if (path.startsWith("/network")) return "network";
  if (path.startsWith("/holders") || path.startsWith("/handover")) return "assets";
  const first = path.split("/")[1] ?? "";
  return (["locations", "registry", "inbox", "status", "maintenance", "stocktake", "reports", "data", "settings", "server"] as const).find((p) => p === first) ?? "dashboard";
}
