// Going to a page: the one hook every page navigates with.
import { useCallback } from "react";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { assetSearch, locationOf, type AssetSearch, type Navigate, type Route } from "./route";

/** The asset list's last query: "Aset" in the sidebar and "back" from an asset return to it. */
let lastAssetSearch: AssetSearch = {};

/** Called by the asset list's route with the query it shows. */
export function rememberAssetSearch(s: AssetSearch) {
  lastAssetSearch = s;
}

/** The asset list's query with `q` as its search text (the search bar's edit). */
export function withText(q: string): AssetSearch {
  return assetSearch({ ...lastAssetSearch, q });
}

/** Goes to a page; the asset list without a query returns as it was left.
 * A change of the list's own query replaces the history entry. */
export function useNavigateTo(): Navigate {
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  return useCallback((r: Route) => {
    const target = r.page === "assets" && !r.search ? { ...r, search: lastAssetSearch } : r;
    const { path: to, search } = locationOf(target);
    void navigate({ to, search, replace: to === "/assets" && path === "/assets" });
  }, [navigate, path]);
}
