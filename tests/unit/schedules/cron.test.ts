import { describe, expect, it } from "vitest";
import { formatInZone } from "@/lib/format";
import { cronProblem, describeCron, lastSlotBefore, nextFireTimes, slotFor, timezoneProblem } from "@/lib/services/schedules/cron";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("cron math with time zones", () => {
  it("validates expressions (5 fields, or 6 with seconds) and IANA zones", () => {
    expect(cronProblem("0 2 * * *")).toBeNull();
    expect(cronProblem("*/5 * * * * *")).toBeNull();
    expect(cronProblem("0 25 * * *")).toMatch(/not a valid cron expression/);
    expect(cronProblem("* * *")).toMatch(/has 3/);
    expect(timezoneProblem("Europe/Berlin")).toBeNull();
    expect(timezoneProblem("Berlin")).toMatch(/not an IANA time zone/);
  });

  it("computes the next fire times in the schedule's zone", () => {
    // Nightly at 02:00 Berlin in winter is 01:00 UTC.
    expect(iso(nextFireTimes("0 2 * * *", "Europe/Berlin", 2, new Date("2026-12-01T12:00:00Z")))).toEqual(["2026-12-02T01:00:00.000Z", "2026-12-03T01:00:00.000Z"]);
    expect(iso(nextFireTimes("30 9 * * 1", "America/New_York", 1, new Date("2026-12-01T00:00:00Z")))).toEqual(["2026-12-07T14:30:00.000Z"]);
    expect(describeCron("0 2 * * *", "Europe/Berlin")).toBe("At 02:00, every day (Europe/Berlin)");
    expect(formatInZone(new Date("2026-12-02T01:00:00Z"), "Europe/Berlin")).toMatch(/^2026-12-02 02:00 /);
  });

  it("handles the DST changes: 02:00 that does not exist in spring, and happens twice in autumn, fires once", () => {
    // Spring forward (29 March 2026): no 02:00 local; the slot moves, and the following days are 00:00 UTC (CEST).
    expect(iso(nextFireTimes("0 2 * * *", "Europe/Berlin", 3, new Date("2026-03-28T12:00:00Z")))).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:00:00.000Z",
      "2026-03-31T00:00:00.000Z",
    ]);
    // Fall back (25 October 2026): 02:00 CEST (00:00Z) is the slot; the repeated 02:00 CET (01:00Z) is not.
    const autumn = nextFireTimes("0 2 * * *", "Europe/Berlin", 2, new Date("2026-10-24T12:00:00Z"));
    expect(iso(autumn)).toEqual(["2026-10-25T00:00:00.000Z", "2026-10-26T01:00:00.000Z"]);
    expect(slotFor("0 2 * * *", "Europe/Berlin", new Date("2026-10-25T00:00:02Z"))?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
    expect(slotFor("0 2 * * *", "Europe/Berlin", new Date("2026-10-25T01:00:02Z"))).toBeNull();
  });

  it("maps a late callback to its slot, and finds the last missed slot", () => {
    expect(slotFor("*/5 * * * * *", "UTC", new Date("2026-11-26T10:00:07.300Z"))?.toISOString()).toBe("2026-11-26T10:00:05.000Z");
    expect(slotFor("0 2 * * *", "UTC", new Date("2026-11-26T10:00:00Z"))).toBeNull();
    expect(lastSlotBefore("0 * * * *", "UTC", new Date("2026-11-26T10:30:00Z"))?.toISOString()).toBe("2026-11-26T10:00:00.000Z");
    expect(lastSlotBefore("0 2 * * *", "Europe/Berlin", new Date("2026-03-29T05:00:00Z"))?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });
});
