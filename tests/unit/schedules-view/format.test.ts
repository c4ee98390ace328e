import { describe, expect, it } from "vitest";
import { formatFireTime, hasSecondsField } from "@/lib/schedules-view/format";

describe("fire time formatting", () => {
  it("knows 6-field (seconds) expressions", () => {
    expect(hasSecondsField("*/5 * * * * *")).toBe(true);
    expect(hasSecondsField(" 0 2 * * * ")).toBe(false);
  });

  it("formats in the schedule's zone, with daylight saving", () => {
    expect(formatFireTime("2026-01-15T01:00:00.000Z", "Europe/Berlin", false)).toBe("2026-01-15 02:00 GMT+1");
    expect(formatFireTime("2026-07-15T00:00:00.000Z", "Europe/Berlin", false)).toBe("2026-07-15 02:00 GMT+2");
    expect(formatFireTime("2026-07-15T00:00:00.000Z", "America/New_York", false)).toBe("2026-07-14 20:00 EDT");
  });

  it("always shows seconds for seconds schedules, so a list lines up", () => {
    expect(formatFireTime("2026-11-26T22:20:00.000Z", "UTC", true)).toBe("2026-11-26 22:20:00 UTC");
    expect(formatFireTime("2026-11-26T22:20:05.000Z", "UTC", true)).toBe("2026-11-26 22:20:05 UTC");
    expect(formatFireTime("2026-11-26T00:00:00.000Z", "UTC", false)).toBe("2026-11-26 00:00 UTC");
  });

  it("falls back to the ISO time for an unknown zone", () => {
    expect(formatFireTime("2026-11-26T22:20:00.000Z", "Mars/Olympus", false)).toBe("2026-11-26T22:20:00.000Z");
  });
});
