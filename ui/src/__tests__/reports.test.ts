import { describe, expect, it } from "vitest";
import { periodText } from "../pages/Reports";

describe("periodText", () => {
  it("writes each kind of period the way the back end reads it", () => {
    expect(periodText("year", " 2026 ", "", "")).toBe("2026");
    expect(periodText("s1", "2026", "", "")).toBe("2026-S1");
    expect(periodText("s2", "2025", "", "")).toBe("2025-S2");
    expect(periodText("range", "", "2026-01-01", "2026-03-31")).toBe("2026-01-01..2026-03-31");
  });
});
