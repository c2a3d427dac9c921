import { afterEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { errorMessage, fieldErrors, fieldMessage } from "../api";
import { choiceLabel } from "../choices";
import type { ApiError, FieldError } from "../bindings";

const nipError: FieldError = { field: "holder_nip", code: "nip.length", message: "NIP harus 18 angka; yang diketik 4 angka." };
const invalid: ApiError = { code: "validation", message: nipError.message, fields: [nipError], rows: [] };

describe("errors in the UI's language", () => {
  afterEach(async () => {
    await i18n.changeLanguage("id");
  });

  it("shows the back end's Indonesian message as it is", async () => {
    await i18n.changeLanguage("id");
    expect(errorMessage(invalid)).toBe(nipError.message);
    expect(fieldErrors(invalid)).toEqual({ holder_nip: nipError.message });
  });

  it("translates by the stable code in English", async () => {
    await i18n.changeLanguage("en");
    expect(fieldMessage(nipError)).toBe("A NIP has 18 digits.");
    expect(errorMessage(invalid)).toBe("A NIP has 18 digits.");
    const forbidden: ApiError = { code: "forbidden", message: "Data DISDIK hanya dapat diubah…", fields: [], rows: [] };
    expect(errorMessage(forbidden)).toBe("This device may not change that data.");
    const unknown: FieldError = { field: "x", code: "x.new", message: "Pesan baru." };
    expect(fieldMessage(unknown)).toBe("Pesan baru.");
  });

  it("labels a closed list's value in either language", () => {
    const list = [{ value: "KB", id: "Kurang Baik", en: "Fair" }];
    expect(choiceLabel(list, "KB", "id")).toBe("Kurang Baik");
    expect(choiceLabel(list, "KB", "en")).toBe("Fair");
    expect(choiceLabel(list, "XX", "en")).toBe("XX");
  });
});
