// Asset tags: some assets, a room's, or the OPD's, optionally only those
// never tagged on this device.
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import type { Navigate } from "../route";
import { PREVIEW_PAGES, PrintSheet } from "../components/PrintSheet";
import { useCommand } from "../query";

export function TagPrint(props: { roomId?: string; assetIds?: string[]; unprinted?: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  const ids = props.assetIds ?? [];
  const selection = { asset_ids: ids, room_id: props.roomId ?? null, unprinted: props.unprinted ?? false };
  const rooms = useCommand(["rooms"], commands.rooms, !!props.roomId).data;
  const room = rooms?.find((x) => x.id === props.roomId);
  const scope = ids.length === 1 ? t("tags.one") : ids.length ? t("tags.some", { n: ids.length })
    : props.roomId ? (room ? t("labels.room", { room: room.label }) : "")
    : t("tags.all");
  const subtitle = props.unprinted ? `${scope} · ${t("tags.unprinted")}` : scope;
  return (
    <PrintSheet
      remember="simpul.tagFormat"
      defaultFormat="a4"
      title={t("tags.title")}
      subtitle={subtitle}
      intro={t("tags.intro")}
      fileName="label-aset.pdf"
      queryKey={["tags-preview", selection]}
      preview={async (format) => {
        const p = await commands.tagsPreview(selection, format, PREVIEW_PAGES);
        return { pages: p.pages, total_pages: p.total_pages, count: p.tags };
      }}
      save={async (format, path) => {
        const w = await commands.tagsSave(selection, format, path);
        return { pages: w.pages, count: w.tags, path: w.path };
      }}
      summary={(tags, pages) => t("tags.summary", { tags, pages })}
      written={(tags, pages, path) => t("tags.written", { tags, pages, path })}
      none={props.unprinted ? t("tags.noneNew") : t("tags.none")}
      back={() => props.navigate(ids.length === 1 ? { page: "asset", id: ids[0] } : props.roomId ? { page: "locations" } : { page: "assets" })}
    />
  );
}
