// The closed lists (conditions, statuses, node and cable kinds, label
// sizes...) with their labels in both languages, as the back end sends
// them: loaded once, shared by every page, so no page keeps its own list.
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { Choice, ChoiceLists } from "./bindings";

export const ChoicesContext = createContext<ChoiceLists | null>(null);

export type ListName = keyof ChoiceLists;

/** A value's label in the UI's language, from a choice list. */
export function choiceLabel(list: Choice[] | undefined, value: string, language: string): string {
  const c = list?.find((x) => x.value === value);
  if (!c) return value;
  return language === "en" ? c.en : c.id;
}

/** The lists, and the label of a value in the UI's language. */
export function useChoices() {
  const lists = useContext(ChoicesContext);
  const { i18n } = useTranslation();
  const label = (list: ListName, value: string) => choiceLabel(lists?.[list], value, i18n.language);
  const options = (list: ListName): Choice[] => lists?.[list] ?? [];
  return { label, options };
}
