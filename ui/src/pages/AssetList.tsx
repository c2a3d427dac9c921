// The asset list: search as you type, filters, sortable columns, and a
// virtualized body that fetches pages of rows as they scroll into view.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, errorMessage } from "../api";
import type { AssetRow_Serialize as AssetRow, RoomView_Serialize as RoomView, SortKey } from "../bindings";
import type { Navigate } from "../route";
import { number, rupiah } from "../format";
import { ConditionBadge, StatusBadge } from "../components/Badges";
import { useChoices } from "../choices";

const PAGE = 200;
const ROW_HEIGHT = 48;

type Filters = { condition: string; category: string; room_id: string; lifecycle: string; opd: string };
type Sort = { key: SortKey; desc: boolean };

/** The list as the user left it, kept while the app runs: going back from
 * an asset returns to the same filters, sort and scroll position. */
const remembered: { filters: Filters; sort: Sort; scrollTop: number; query: string } = {
  filters: { condition: "", category: "", room_id: "", lifecycle: "", opd: "" },
  sort: { key: "terbaru", desc: false },
  scrollTop: 0,
  query: "",
};

/** `merged`: a Diskominfo device, which sees every OPD and picks among them. */
export function AssetList({ text, version, navigate, merged }: { text: string; version: number; navigate: Navigate; merged: boolean }) {
  const { t } = useTranslation();
  const { label, options } = useChoices();
  const [filters, setFilters] = useState<Filters>(remembered.filters);
  const [sort, setSort] = useState<Sort>(remembered.sort);
  // The scroll position to return to once the first page is back.
  const restore = useRef<number | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState("");
  const [rooms, setRooms] = useState<RoomView[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [opds, setOpds] = useState<string[]>([]);
  const pages = useRef(new Map<number, AssetRow[]>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [, setLoaded] = useState(0);
  const [debounced, setDebounced] = useState(text);

  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(text), 120);
    return () => window.clearTimeout(h);
  }, [text]);

  useEffect(() => {
    commands.rooms().then(setRooms, () => {});
    commands.stats().then((s) => {
      setCategories(s.by_category.map((c) => c.label));
      setOpds(s.by_opd.map((c) => c.key));
    }, () => {});
  }, [version]);

  const query = useMemo(
    () => ({ text: debounced, ...filters, sort: sort.key, descending: sort.desc }),
    [debounced, filters, sort],
  );

  const fetchPage = (page: number, gen: number) => {
    if (loading.current.has(page) || pages.current.has(page)) return;
    loading.current.add(page);
    commands
      .assetsPage({ ...query, offset: page * PAGE, limit: PAGE })
      .then((p) => {
        if (gen !== generation.current) return;
        pages.current.set(page, p.rows);
        setTotal(p.total);
        setLoaded((n) => n + 1);
      })
      .catch((e) => gen === generation.current && setError(errorMessage(e)))
      .finally(() => loading.current.delete(page));
  };

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    loading.current = new Set();
    setError("");
    fetchPage(0, generation.current);
    const key = JSON.stringify(query);
    if (key === remembered.query && remembered.scrollTop > 0) {
      restore.current = remembered.scrollTop;
    } else {
      parentRef.current?.scrollTo({ top: 0 });
      remembered.scrollTop = 0;
    }
    remembered.query = key;
    remembered.filters = filters;
    remembered.sort = sort;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, version]);

  useEffect(() => {
    if (restore.current !== null && total) {
      parentRef.current?.scrollTo({ top: restore.current });
      restore.current = null;
    }
  }, [total]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) fetchPage(p, generation.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, last, query]);

  const rowAt = (i: number): AssetRow | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  const header = (key: SortKey, label: string, cls = "") => (
    <button
      className={`th ${cls} ${sort.key === key ? "sorted" : ""}`}
      onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
    >
      {label}
      {sort.key === key && <span aria-hidden>{sort.desc ? " ▼" : " ▲"}</span>}
    </button>
  );
  const select = (k: keyof Filters, label: string, options: [string, string][]) => (
    <select id={`filter-${k}`} value={filters[k]} onChange={(e) => setFilters({ ...filters, [k]: e.target.value })} aria-label={label}>
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
          {select("room_id", t("assets.filterRoom"), [["", `${t("assets.filterRoom")}: ${t("common.all")}`], ...rooms.map((r): [string, string] => [r.id, r.label])])}
          {select("lifecycle", t("assets.filterStatus"), [["", t("assets.notDisposed")], ...options("lifecycle").map((c): [string, string] => [c.value, label("lifecycle", c.value)]), ["semua", t("common.all")]])}
        </div>
      </div>
      {error && <div className="alert error">{error}</div>}
      <div className="table">
        <div className="thead">
          {header("nama", t("assets.col.nama"), "c-name")}
          {header("register", t("assets.col.register"), "c-reg")}
          {header("ruangan", t("assets.col.room"), "c-room")}
          {header("pemegang", t("assets.col.holder"), "c-holder")}
          {header("tahun", t("assets.col.tahun"), "c-year")}
          {header("harga", t("assets.col.harga"), "c-price")}
          {header("kondisi", t("assets.col.condition"), "c-cond")}
        </div>
        <div className="tbody" ref={parentRef} id="asset-list" onScroll={(e) => { if (restore.current === null) remembered.scrollTop = e.currentTarget.scrollTop; }}>
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
