// The pages of the app; navigation is plain state (no URL bar in a desktop window).
export type Route =
  | { page: "dashboard" }
  | { page: "assets" }
  | { page: "asset"; id: string }
  | { page: "asset-form"; id?: string }
  | { page: "locations" }
  | { page: "network" }
  | { page: "room-network"; roomId: string }
  | { page: "cable"; id: string }
  | { page: "trace"; nodeId: string; port: number }
  | { page: "labels"; roomId?: string; cableId?: string; stale?: boolean }
  | { page: "registry" }
  | { page: "inbox" }
  | { page: "data" }
  | { page: "settings" };

export type Navigate = (r: Route) => void;
