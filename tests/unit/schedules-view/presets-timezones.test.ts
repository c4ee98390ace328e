import { describe, expect, it } from "vitest";
import { cadenceCron, cadenceOf, switchCadence, type Cadence } from "@/lib/schedules-view/presets";
import { canonicalZone, listTimezones, searchTimezones } from "@/lib/schedules-view/timezones";
import { cronProblem } from "@/lib/services/schedules/cron";

describe("cadence builder", () => {
  const cadences: Cadence[] = [
    { kind: "hourly", minute: 15 },
    { kind: "daily", hour: 2, minute: 0 },
    { kind: "weekly", days: [1, 3, 5], hour: 18, minute: 30 },
    { kind: "weekly", days: [0, 6], hour: 9, minute: 5 },
    { kind: "monthly", day: 31, hour: 23, minute: 59 },
  ];

  it("writes valid node-cron expressions that read back as the same cadence", () => {
    for (const cadence of cadences) {
      const cron = cadenceCron(cadence)!;
      expect(cronProblem(cron)).toBeNull();
      expect(cadenceOf(cron)).toEqual(cadence);
    }
    expect(cadenceCron({ kind: "weekly", days: [5, 1, 1], hour: 2, minute: 0 })).toBe("0 2 * * 1,5");
    expect(cadenceCron({ kind: "monthly", day: 1, hour: 6, minute: 0 })).toBe("0 6 1 * *");
  });

  it("reads weekday lists and ranges (7 is Sunday), whitespace aside", () => {
    expect(cadenceOf("  0   2 * *  1-5 ")).toEqual({ kind: "weekly", days: [1, 2, 3, 4, 5], hour: 2, minute: 0 });
    expect(cadenceOf("30 8 * * 7")).toEqual({ kind: "weekly", days: [0], hour: 8, minute: 30 });
  });

  it("calls what the pickers cannot show custom, and a week without days has no expression", () => {
    for (const cron of ["*/5 * * * * *", "", "0 */2 * * *", "0 2 * 1 *", "0 2 1 * 1", "0 2 * * MON", "61 2 * * *", "0 2 * * 5-1"]) expect(cadenceOf(cron)).toEqual({ kind: "custom" });
    expect(cadenceCron({ kind: "weekly", days: [], hour: 2, minute: 0 })).toBeNull();
    expect(cadenceCron({ kind: "custom" })).toBeNull();
  });

  it("keeps the time when switching between kinds", () => {
    expect(switchCadence({ kind: "daily", hour: 7, minute: 45 }, "weekly")).toEqual({ kind: "weekly", days: [1], hour: 7, minute: 45 });
    expect(switchCadence({ kind: "weekly", days: [2], hour: 7, minute: 45 }, "hourly")).toEqual({ kind: "hourly", minute: 45 });
    expect(switchCadence({ kind: "hourly", minute: 10 }, "monthly")).toEqual({ kind: "monthly", day: 1, hour: 2, minute: 10 });
  });
});

describe("time zones", () => {
  it("lists UTC first and real IANA zones after it", () => {
    const zones = listTimezones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Berlin");
    expect(zones.filter((z) => z === "UTC")).toHaveLength(1);
  });

  it("ranks exact and segment matches before substring matches; underscores match spaces", () => {
    const zones = ["America/New_York", "Europe/Berlin", "UTC", "Asia/Kolkata", "Europe/Busingen", "Etc/UTC"];
    expect(searchTimezones(zones, "berlin")).toEqual(["Europe/Berlin"]);
    expect(searchTimezones(zones, "new york")).toEqual(["America/New_York"]);
    expect(searchTimezones(zones, "utc")).toEqual(["UTC", "Etc/UTC"]);
    expect(searchTimezones(zones, "europe/b")).toEqual(["Europe/Berlin", "Europe/Busingen"]);
    expect(searchTimezones(zones, "kat")).toEqual(["Asia/Kolkata"]);
    expect(searchTimezones(zones, "nowhere")).toEqual([]);
  });

  it("returns the first entries for an empty query and honours the limit", () => {
    const zones = listTimezones();
    expect(searchTimezones(zones, "  ", 3)).toEqual(zones.slice(0, 3));
    expect(searchTimezones(zones, "a", 5)).toHaveLength(5);
  });

  it("spells a typed zone the way the list does, and leaves unknown text alone", () => {
    const zones = ["UTC", "Europe/Berlin"];
    expect(canonicalZone(zones, " utc ")).toBe("UTC");
    expect(canonicalZone(zones, "europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalZone(zones, "Mars/Olympus")).toBe("Mars/Olympus");
  });
});
