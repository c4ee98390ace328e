import { describe, expect, it } from "vitest";
import { CRON_PRESETS, presetCron, presetOf } from "@/lib/schedules-view/presets";
import { canonicalZone, listTimezones, searchTimezones } from "@/lib/schedules-view/timezones";
import { cronProblem } from "@/lib/services/schedules/cron";

describe("cron presets", () => {
  it("every preset is a valid node-cron expression and is recognised again", () => {
    for (const preset of CRON_PRESETS) {
      expect(cronProblem(preset.cron)).toBeNull();
      expect(presetOf(preset.cron)).toBe(preset.id);
      expect(presetCron(preset.id)).toBe(preset.cron);
    }
  });

  it("ignores extra whitespace and calls anything else custom", () => {
    expect(presetOf("  0   2 * *  * ")).toBe("nightly");
    expect(presetOf("*/5 * * * * *")).toBe("custom");
    expect(presetOf("")).toBe("custom");
    expect(presetCron("custom")).toBeNull();
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
