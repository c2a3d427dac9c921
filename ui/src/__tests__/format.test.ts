import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { date, nip, rupiah } from "../format";

describe("formats", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("id");
  });

  it("writes rupiah the Indonesian way, and in English when asked", async () => {
    expect(rupiah(12_500_000)).toBe("Rp 12.500.000");
    expect(rupiah(null)).toBe("—");
    await i18n.changeLanguage("en");
    expect(rupiah(12_500_000)).toBe("Rp 12,500,000");
  });

  it("groups a NIP as it is printed and leaves anything else alone", () => {
    expect(nip("198503122010012003")).toBe("19850312 201001 2 003");
    expect(nip("1985")).toBe("1985");
  });

  it("keeps a date it cannot read", () => {
    expect(date("bukan tanggal")).toBe("bukan tanggal");
  });
});

import { daysLate } from "../components/Loans";

describe("daysLate", () => {
  it("counts whole days past the due date, never below zero", () => {
    expect(daysLate("2026-11-27", "2026-12-01")).toBe(4);
    expect(daysLate("2026-12-05", "2026-12-01")).toBe(0);
    expect(daysLate("bukan tanggal", "2026-12-01")).toBe(0);
  });
});
