// Cable labels: one cable, a room's, the OPD's, or those to print again.
import { useTranslation } from "react-i18next";
import { commands } from "../api";
import type { Navigate } from "../route";
import { PREVIEW_PAGES, PrintSheet } from "../components/PrintSheet";
import { useCommand } from "../query";

export function LabelPrint(props: { roomId?: string; cableId?: string; stale?: boolean; navigate: Navigate }) {
  const { t } = useTranslation();
  const selection = { room_id: props.roomId ?? null, cable_id: props.cableId ?? null, stale: props.stale ?? false };
  const cable = useCommand(["cable", props.cableId], () => commands.cableDetail(props.cableId ?? ""), !!props.cableId).data;
  const rooms = useCommand(["rooms"], commands.rooms, !!props.roomId).data;
  const room = rooms?.find((x) => x.id === props.roomId);
  const subtitle = props.stale ? t("labels.stale")
    : props.cableId ? (cable ? t("labels.one", { code: cable.cable.code }) : "")
    : props.roomId ? (room ? t("labels.room", { room: room.label }) : "")
    : t("labels.all");
  return (
    <PrintSheet
      remember="simpul.labelFormat"
      defaultFormat="tape24"
      title={t("labels.title")}
      subtitle={subtitle}
      intro={t("labels.intro")}
      fileName="label-kabel.pdf"
      queryKey={["labels-preview", selection]}
      preview={async (format) => {
        const p = await commands.labelsPreview(selection, format, PREVIEW_PAGES);
        return { pages: p.pages, total_pages: p.total_pages, count: p.labels };
      }}
      save={async (format, path) => {
        const w = await commands.labelsSave(selection, format, path);
        return { pages: w.pages, count: w.labels, path: w.path };
      }}
      summary={(labels, pages) => t("labels.summary", { labels, pages })}
      written={(labels, pages, path) => t("labels.written", { labels, pages, path })}
      none={t("labels.none")}
      back={() => props.navigate(props.cableId ? { page: "cable", id: props.cableId } : props.roomId ? { page: "room-network", roomId: props.roomId } : { page: "network" })}
    />
  );
}
