import { describe, expect, it } from "vitest";
import { assetSearch, labelSearch, locationOf, sectionOf, tagSearch } from "../route";

describe("locationOf", () => {
  it("puts ids in the path, escaped", () => {
    expect(locationOf({ page: "asset", id: "a/b c" }).path).toBe("/assets/a%2Fb%20c");
    expect(locationOf({ page: "asset-form" }).path).toBe("/assets/new");
    expect(locationOf({ page: "asset-form", id: "x" }).path).toBe("/assets/x/edit");
    expect(locationOf({ page: "trace", nodeId: "n1", port: 7 }).path).toBe("/network/trace/n1/7");
  });

  it("keeps the asset list's query in the URL, without empty values", () => {
    const l = locationOf({ page: "assets", search: { q: "laptop", condition: "", room: "r1", desc: false } });
    expect(l).toEqual({ path: "/assets", search: { q: "laptop", room: "r1" } });
  });

  it("names a label selection by its query", () => {
    expect(locationOf({ page: "labels", stale: true }).search).toEqual({ stale: true });
    expect(locationOf({ page: "labels", roomId: "r1" }).search).toEqual({ room: "r1" });
    expect(locationOf({ page: "labels" }).search).toEqual({});
  });

  it("names an asset tag selection by its query and reads it back", () => {
    const l = locationOf({ page: "tags", assetIds: ["a", "b"], unprinted: true });
    expect(l).toEqual({ path: "/assets/tags", search: { assets: "a,b", new: true } });
    expect(tagSearch({ room: "r1", new: "true", other: 3 })).toEqual({ room: "r1", new: true });
    expect(locationOf({ page: "tags", assetIds: [] }).search).toEqual({});
  });

  it("sends every page to a path its section recognises", () => {
    const pages = [
      [{ page: "dashboard" }, "dashboard"],
      [{ page: "assets" }, "assets"],
      [{ page: "asset", id: "1" }, "assets"],
      [{ page: "asset-form" }, "assets"],
      [{ page: "locations" }, "locations"],
      [{ page: "network" }, "network"],
      [{ page: "room-network", roomId: "r" }, "network"],
      [{ page: "cable", id: "c" }, "network"],
      [{ page: "labels" }, "network"],
      [{ page: "tags", roomId: "r" }, "assets"],
      [{ page: "registry" }, "registry"],
      [{ page: "inbox" }, "inbox"],
      [{ page: "data" }, "data"],
      [{ page: "settings" }, "settings"],
    ] as const;
    for (const [route, section] of pages) expect(sectionOf(locationOf(route).path)).toBe(section);
  });
});

describe("search validation", () => {
  it("drops unknown keys and values that are not text", () => {
    expect(assetSearch({ q: "a", evil: "x", sort: 3, desc: "true" })).toEqual({ q: "a", desc: true });
    expect(labelSearch({ room: "", cable: "c", stale: "false" })).toEqual({ cable: "c" });
  });
});

describe("stock-take routes", () => {
  it("lives under /stocktake with the session and room in the path", () => {
    expect(locationOf({ page: "stocktake" }).path).toBe("/stocktake");
    expect(locationOf({ page: "stocktake", id: "s 1" }).path).toBe("/stocktake/s%201");
    expect(locationOf({ page: "stocktake-room", id: "s1", roomId: "r/2" }).path).toBe("/stocktake/s1/r%2F2");
    expect(sectionOf("/stocktake/s1/r2")).toBe("stocktake");
  });
});
