// The asset list: search as you type, filters, sortable columns, and a
// virtualized body that fetches pages of rows as they scroll into view.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "@tanstack/react-virtual";
import { keepPreviousData, useQueries } from "@tanstack/react-query";
import { commands, errorMessage } from "../api";
import type { AssetRow_Serialize as AssetRow, SortKey } from "../bindings";
import type { AssetSearch, Navigate } from "../route";
import { useCommand } from "../query";
import { number, rupiah } from "../format";
import { ConditionBadge, StatusBadge } from "../components/Badges";
import { useChoices } from "../choices";
import { BulkBar } from "../components/BulkBar";

const PAGE = 200;
const ROW_HEIGHT = 48;
const SORTS: SortKey[] = ["terbaru", "nama", "register", "ruangan", "pemegang", "tahun", "harga", "kondisi"];

type FilterKey = "condition" | "category" | "room" | "lifecycle" | "opd";

/** Where the list was scrolled to, per query, while the app runs: going
 * back from an asset returns to the same row. */
const scrolled = new Map<string, number>();

/** `search`: the list's query, kept in the URL (text, filters, sort).
 * `merged`: a Diskominfo device, which sees every OPD and picks among them. */
export function AssetList({ search, navigate, merged }: { search: AssetSearch; navigate: Navigate; merged: boolean }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const sort: SortKey = SORTS.find((k) => k === search.sort) ?? "terbaru";
  const desc = !!search.desc;
  const setSearch = (patch: Partial<AssetSearch>) => navigate({ page: "assets", search: { ...search, ...patch } });
  const [text, setText] = useState(search.q ?? "");
  useEffect(() => {
    const h = window.setTimeout(() => setText(search.q ?? ""), 120);
    return () => window.clearTimeout(h);
  }, [search.q]);

  const rooms = useCommand(["rooms"], commands.rooms).data ?? [];
  const stats = useCommand(["stats"], commands.stats).data;
  const categories = stats?.by_category.map((c) => c.label) ?? [];
  const opds = stats?.by_opd.map((c) => c.key) ?? [];

  const query = useMemo(() => ({
    text,
    condition: search.condition ?? "",
    category: search.category ?? "",
    room_id: search.room ?? "",
    lifecycle: search.lifecycle ?? "",
    opd: search.opd ?? "",
    sort,
    descending: desc,
  }), [text, search.condition, search.category, search.room, search.lifecycle, search.opd, sort, desc]);
  const key = JSON.stringify(query);

  const parentRef = useRef<HTMLDivElement>(null);
  const [total, setTotal] = useState<number | null>(null);
  const virt = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virt.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE);
  const lastPage = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE);
  const pageNumbers = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i);
  // The pages of rows on screen, each cached by query and page number.
  const pages = useQueries({
    queries: pageNumbers.map((page) => ({
      queryKey: ["assets-page", key, page],
      queryFn: () => commands.assetsPage({ ...query, offset: page * PAGE, limit: PAGE }),
      placeholderData: keepPreviousData,
    })),
  });
  const loaded = pages.find((p) => p.data && !p.isPlaceholderData)?.data;
  const error = pages.find((p) => p.error)?.error;
  useEffect(() => {
    if (loaded) setTotal(loaded.total);
  }, [loaded]);

  // A new query starts at the top; the same query comes back where it was left.
  const restore = useRef<number | null>(null);
  useEffect(() => {
    const top = scrolled.get(key) ?? 0;
    if (top > 0) restore.current = top;
    else parentRef.current?.scrollTo({ top: 0 });
  }, [key]);
  useEffect(() => {
    if (restore.current !== null && total) {
      parentRef.current?.scrollTo({ top: restore.current });
      restore.current = null;
    }
  }, [total]);

  // The bulk selection: ids picked (shift-click picks a range), or every
  // asset matching the query. A new query starts a new selection.
  const [picked, setPicked] = useState<{ key: string; ids: Set<string>; all: boolean; anchor: number | null }>({ key, ids: new Set(), all: false, anchor: null });
  const selection = picked.key === key ? picked : { key, ids: new Set<string>(), all: false, anchor: null };
  const clearSelection = () => setPicked({ key, ids: new Set(), all: false, anchor: null });
  const toggle = (index: number, id: string, range: boolean) => {
    const ids = new Set(selection.all ? [] : selection.ids);
    if (range && selection.anchor !== null && !selection.all) {
      const [from, to] = selection.anchor < index ? [selection.anchor, index] : [index, selection.anchor];
      for (let i = from; i <= to; i++) {
        const r = rowAt(i);
        if (r) ids.add(r.id);
      }
    } else if (ids.has(id)) {
      ids.delete(id);
    } else {
      ids.add(id);
    }
    setPicked({ key, ids, all: false, anchor: index });
  };

  const rowAt = (i: number): AssetRow | undefined => {
    const n = Math.floor(i / PAGE);
    const p = pages[n - firstPage];
    return p && !p.isPlaceholderData ? p.data?.rows[i % PAGE] : undefined;
  };
  const header = (key: SortKey, label: string, cls = "") => (
    <button
      className={`th ${cls} ${sort === key ? "sorted" : ""}`}
      onClick={() => setSearch({ sort: key, desc: sort === key ? !desc : undefined })}
    >
      {label}
      {sort === key && <span aria-hidden>{desc ? " ▼" : " ▲"}</span>}
    </button>
  );
  // The element ids keep the back end's field names (room_id).
  const select = (k: FilterKey, label: string, options: [string, string][]) => (
    <select id={`filter-${k === "room" ? "room_id" : k}`} value={search[k] ?? ""} onChange={(e) => setSearch({ [k]: e.target.value || undefined })} aria-label={label}>
      {options.map(([v, l]) => (
        <option key={v} value={v}>{l}</option>
      ))}
    </select>
  );

  return (
    <div className="page list-page">
      <div className="list-head">
        <h1>
          {t("assets.title")} <span className="count" id="asset-count">{total === null ? "" : t("assets.count", { n: number(total) })}</span>
        </h1>
        <div className="filters">
          {merged && select("opd", t("assets.filterOpd"), [["", `${t("assets.filterOpd")}: ${t("common.all")}`], ...opds.map((o): [string, string] => [o, o])])}
          {select("condition", t("assets.filterCondition"), [["", `${t("assets.filterCondition")}: ${t("common.all")}`], ...options("condition").map((c): [string, string] => [c.value, label("condition", c.value)])])}
          {select("category", t("assets.filterCategory"), [["", `${t("assets.filterCategory")}: ${t("common.all")}`], ...categories.map((c): [string, string] => [c, c])])}
          {select("room", t("assets.filterRoom"), [["", `${t("assets.filterRoom")}: ${t("common.all")}`], ...rooms.map((r): [string, string] => [r.id, r.label])])}
          {select("lifecycle", t("assets.filterStatus"), [["", t("assets.notDisposed")], ...options("lifecycle").map((c): [string, string] => [c.value, label("lifecycle", c.value)]), ["semua", t("common.all")]])}
        </div>
        <button id="tags-new" onClick={() => navigate({ page: "tags", unprinted: true })}>{t("tags.printNew")}</button>
      </div>
      {error && <div className="alert error">{errorMessage(error)}</div>}
      {(selection.all || selection.ids.size > 0) && (
        <BulkBar ids={[...selection.ids]} query={selection.all ? query : null} total={total ?? 0} clear={clearSelection} navigate={navigate} />
      )}
      <div className="table">
        <div className="thead">
          <label className="th c-check" title={t("bulk.selectAll")}>
            <input type="checkbox" id="select-all" aria-label={t("bulk.selectAll")} checked={selection.all} disabled={!total} onChange={() => (selection.all ? clearSelection() : setPicked({ key, ids: new Set(), all: true, anchor: null }))} />
          </label>
          {header("nama", t("assets.col.nama"), "c-name")}
          {header("register", t("assets.col.register"), "c-reg")}
          {header("ruangan", t("assets.col.room"), "c-room")}
          {header("pemegang", t("assets.col.holder"), "c-holder")}
          {header("tahun", t("assets.col.tahun"), "c-year")}
          {header("harga", t("assets.col.harga"), "c-price")}
          {header("kondisi", t("assets.col.condition"), "c-cond")}
        </div>
        <div className="tbody" ref={parentRef} id="asset-list" onScroll={(e) => { if (restore.current === null) scrolled.set(key, e.currentTarget.scrollTop); }}>
          {total === 0 && <div className="empty">{t("assets.empty")}</div>}
          <div style={{ height: virt.getTotalSize(), position: "relative" }}>
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <div
                  key={item.key}
                  className={`tr${row ? "" : " placeholder"}`}
                  data-id={row?.id}
                  data-index={item.index}
                  style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  onClick={() => row && navigate({ page: "asset", id: row.id })}
                >
                  {row ? (
                    <>
                      <div className="td c-check" onClick={(e) => e.stopPropagation()}>
                        <input
                          type="checkbox"
                          className="row-check"
                          aria-label={t("bulk.selectRow")}
                          checked={selection.all || selection.ids.has(row.id)}
                          readOnly
                          onClick={(e) => toggle(item.index, row.id, e.shiftKey)}
                        />
                      </div>
                      <div className="td c-name">
                        <strong>{row.nama}</strong> <StatusBadge status={row.lifecycle} />
                        <small>{row.merk_type}</small>
                      </div>
                      <div className="td c-reg mono">
                        {row.kode_barang}
                        <small>{merged ? `${row.opd} · ` : ""}No. {row.nomor_register}</small>
                      </div>
                      <div className="td c-room">{row.room || t("common.none")}</div>
                      <div className="td c-holder">{row.holder_name || t("common.none")}</div>
                      <div className="td c-year">{row.tahun ?? ""}</div>
                      <div className="td c-price">{rupiah(row.harga)}</div>
                      <div className="td c-cond"><ConditionBadge code={row.condition} /></div>
                    </>
                  ) : (
                    <div className="td loading-row" />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
